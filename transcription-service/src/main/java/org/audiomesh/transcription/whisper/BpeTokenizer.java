package org.audiomesh.transcription.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE, the tokenizer of Whisper, read from the files next to a model:
 * <ul>
 *   <li>Hugging Face {@code vocab.json} + {@code merges.txt} (+ {@code added_tokens.json},
 *   {@code tokenizer_config.json}'s {@code added_tokens_decoder}) or {@code tokenizer.json};</li>
 *   <li>tiktoken ranks ({@code *.tiktoken}, or sherpa-onnx's {@code *tokens.txt}): base64 bytes
 *   and rank per line; a pair is merged when the concatenation is a token, lowest rank first.</li>
 * </ul>
 * Text is split by GPT-2's pattern, each piece's UTF-8 bytes mapped to printable characters
 * ({@code bytes_to_unicode}) and merged pair by pair, lowest rank first. Special tokens
 * ({@code <|...|>}) are never produced by {@link #encode}; {@link #decode} renders them as their
 * text. Immutable and thread-safe.
 */
public final class BpeTokenizer {
    /** GPT-2's pre-tokenisation pattern (also tiktoken's {@code gpt2} and Whisper's). */
    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
            CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
        }
    }

    private final Map<String, Integer> vocab;      // byte-level string -> id
    private final Map<Integer, byte[]> bytesOf;    // id -> bytes (special tokens: their UTF-8 text)
    private final Map<String, Integer> merges;     // "a b" -> rank, or null for tiktoken ranks
    private final Map<String, Integer> specials;   // "<|...|>" -> id

    private BpeTokenizer(Map<String, Integer> vocab, Map<String, Integer> merges, Map<String, Integer> specials) {
        this.vocab = Map.copyOf(vocab);
        this.merges = merges == null ? null : Map.copyOf(merges);
        this.specials = Map.copyOf(specials);
        Map<Integer, byte[]> b = new HashMap<>();
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            b.put(e.getValue(), toBytes(e.getKey()));
        }
        for (Map.Entry<String, Integer> e : specials.entrySet()) {
            b.put(e.getValue(), e.getKey().getBytes(StandardCharsets.UTF_8));
        }
        this.bytesOf = Map.copyOf(b);
    }

    /**
     * Reads the tokenizer files in {@code folder}.
     *
     * @throws IOException when none is found or one is malformed
     */
    public static BpeTokenizer load(Path folder, ObjectMapper mapper) throws IOException {
        Map<String, Integer> specials = new HashMap<>();
        Path tokenizerJson = folder.resolve("tokenizer.json");
        Path vocabJson = folder.resolve("vocab.json");
        if (Files.isRegularFile(vocabJson) && Files.isRegularFile(folder.resolve("merges.txt"))) {
            Map<String, Integer> vocab = new HashMap<>();
            JsonNode v = mapper.readTree(vocabJson.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                vocab.put(e.getKey(), e.getValue().asInt());
            }
            Map<String, Integer> merges = new HashMap<>();
            int rank = 0;
            for (String line : Files.readAllLines(folder.resolve("merges.txt"), StandardCharsets.UTF_8)) {
                if (line.startsWith("#version") || line.isBlank()) {
                    continue;
                }
                merges.putIfAbsent(line.strip(), rank++);
            }
            addedTokens(folder, mapper, specials);
            return build(vocab, merges, specials);
        }
        if (Files.isRegularFile(tokenizerJson)) {
            JsonNode root = mapper.readTree(tokenizerJson.toFile());
            Map<String, Integer> vocab = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                vocab.put(e.getKey(), e.getValue().asInt());
            }
            Map<String, Integer> merges = new HashMap<>();
            int rank = 0;
            for (JsonNode m : root.path("model").path("merges")) {
                String pair = m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText();
                merges.putIfAbsent(pair, rank++);
            }
            for (JsonNode t : root.path("added_tokens")) {
                specials.put(t.path("content").asText(), t.path("id").asInt());
            }
            addedTokens(folder, mapper, specials);
            return build(vocab, merges, specials);
        }
        Path ranks = rankFile(folder);
        if (ranks != null) {
            Map<String, Integer> vocab = new HashMap<>();
            for (String line : Files.readAllLines(ranks, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2) {
                    continue;
                }
                byte[] bytes = Base64.getDecoder().decode(parts[0]);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int id = Integer.parseInt(parts[1]);
                if (text.startsWith("<|") && text.endsWith("|>")) {
                    specials.put(text, id);
                } else {
                    vocab.put(toUnicode(bytes), id);
                }
            }
            addedTokens(folder, mapper, specials);
            return build(vocab, null, specials);
        }
        throw new IOException("no tokenizer in " + folder + ": expected vocab.json + merges.txt, tokenizer.json, "
                + "a *.tiktoken file or a *tokens.txt file");
    }

    private static Path rankFile(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*{.tiktoken,tokens.txt}")) {
            for (Path p : files) {
                return p;
            }
        }
        return null;
    }

    private static void addedTokens(Path folder, ObjectMapper mapper, Map<String, Integer> specials) throws IOException {
        Path added = folder.resolve("added_tokens.json");
        if (Files.isRegularFile(added)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = mapper.readTree(added.toFile()).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                specials.put(e.getKey(), e.getValue().asInt());
            }
        }
        Path config = folder.resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            JsonNode decoder = mapper.readTree(config.toFile()).path("added_tokens_decoder");
            for (Iterator<Map.Entry<String, JsonNode>> it = decoder.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                specials.put(e.getValue().path("content").asText(), Integer.parseInt(e.getKey()));
            }
        }
    }

    private static BpeTokenizer build(Map<String, Integer> vocab, Map<String, Integer> merges,
                                      Map<String, Integer> specials) {
        for (Iterator<Map.Entry<String, Integer>> it = vocab.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            if (e.getKey().startsWith("<|") && e.getKey().endsWith("|>")) {
                specials.putIfAbsent(e.getKey(), e.getValue());
                it.remove();
            }
        }
        return new BpeTokenizer(vocab, merges, specials);
    }

    /** Id of a special token such as {@code <|endoftext|>}, or -1 when the tokenizer lacks it. */
    public int special(String text) {
        return specials.getOrDefault(text, -1);
    }

    /** All special tokens, by text. */
    public Map<String, Integer> specials() {
        return specials;
    }

    /** Tokens of {@code text} (no special tokens). */
    public List<Integer> encode(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>(bytes.length);
            for (byte b : bytes) {
                parts.add(String.valueOf(BYTE_TO_CHAR[b & 0xFF]));
            }
            merge(parts);
            for (String p : parts) {
                Integer id = vocab.get(p);
                if (id == null) {
                    throw new IllegalStateException("tokenizer has no token for '" + p + "'");
                }
                out.add(id);
            }
        }
        return out;
    }

    private void merge(List<String> parts) {
        while (parts.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                int r = rank(parts.get(i), parts.get(i + 1));
                if (r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                return;
            }
            parts.set(best, parts.get(best) + parts.get(best + 1));
            parts.remove(best + 1);
        }
    }

    private int rank(String a, String b) {
        if (merges != null) {
            return merges.getOrDefault(a + " " + b, Integer.MAX_VALUE);
        }
        return vocab.getOrDefault(a + b, Integer.MAX_VALUE);
    }

    /** UTF-8 text of {@code tokens}; an invalid byte sequence becomes U+FFFD, as Python's "replace". */
    public String decode(List<Integer> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int t : tokens) {
            byte[] b = bytesOf.get(t);
            if (b != null) {
                bytes.writeBytes(b);
            }
        }
        return utf8(bytes.toByteArray());
    }

    /** Whether {@code id} is a known token. */
    public boolean contains(int id) {
        return bytesOf.containsKey(id);
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e); // cannot happen with REPLACE
        }
    }

    private static byte[] toBytes(String byteLevel) {
        byte[] out = new byte[byteLevel.length()];
        for (int i = 0; i < out.length; i++) {
            Integer b = CHAR_TO_BYTE.get(byteLevel.charAt(i));
            if (b == null) { // not a byte-level string: take its UTF-8 text
                return byteLevel.getBytes(StandardCharsets.UTF_8);
            }
            out[i] = (byte) (int) b;
        }
        return out;
    }

    private static String toUnicode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return sb.toString();
    }
}
