package org.audiomesh.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for requests an HTTP library will not send as they
 * are: unnormalised paths, false lengths, bodies that trickle in.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** An answer: status (0 when the connection closed without one), head and at most 64 KB of body. */
    record Answer(int status, String head, String body) {
        boolean problemJson() {
            return head.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json");
        }

        /** The problem's {@code code}, or "" when the body has none. */
        String code() {
            int i = body.indexOf("\"code\":\"");
            return i < 0 ? "" : body.substring(i + 8, body.indexOf('"', i + 8));
        }

        @Override
        public String toString() {
            return status + " " + body.substring(0, Math.min(300, body.length()));
        }
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}, reads the answer. */
    static Answer exchange(int port, String head, byte[] body, Duration timeout) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // the server answered and closed before taking the whole body: read its answer
                }
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    static Answer get(int port, String path, String apiKey) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
                + (apiKey == null ? "" : "\r\nX-Api-Key: " + apiKey), null, Duration.ofSeconds(30));
    }

    static Answer request(int port, String method, String path, String apiKey) throws IOException {
        return exchange(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0"
                + (apiKey == null ? "" : "\r\nX-Api-Key: " + apiKey), null, Duration.ofSeconds(30));
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while (all.size() < 65536 && (n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                String text = all.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && complete(text, end)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // answer as far as it came
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = 0;
        if (head.startsWith("HTTP/1.1 ") && head.length() >= 12) {
            status = Integer.parseInt(head.substring(9, 12));
        }
        return new Answer(status, head, body);
    }

    /** Whether a body of the declared length (or a final chunk) is in. */
    private static boolean complete(String text, int headEnd) {
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int i = head.indexOf("content-length:");
        if (i >= 0) {
            int eol = head.indexOf("\r\n", i);
            long length = Long.parseLong(head.substring(i + 15, eol < 0 ? head.length() : eol).trim());
            return text.length() - headEnd - 4 >= length;
        }
        return head.contains("transfer-encoding: chunked") ? text.endsWith("0\r\n\r\n") : false;
    }
}
