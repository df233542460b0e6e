package org.audiomesh.transcription.diarization;

import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative clustering of speech windows by the Bayesian information criterion (Chen and
 * Gopalakrishnan, 1998), each cluster a diagonal Gaussian over its frames' cepstra:
 * {@code dBIC(i, j) = N/2 log|S| - Ni/2 log|Si| - Nj/2 log|Sj| - lambda * d * log N} (the penalty
 * counts the d means and d variances a second Gaussian adds). The closest pair (lowest dBIC)
 * merges first. With a known number of speakers, merging stops when that many clusters remain.
 * Otherwise it stops when no pair may merge any more: the plain BIC stop (dBIC > 0) splits one
 * speaker into many, because the phonetic content of a second of speech changes the statistics
 * more than the penalty allows, so two clusters of at least {@link #MIN_SPEAKER_FRAMES} frames
 * stay apart when the log-likelihood one Gaussian loses per frame exceeds a limit (the loss per
 * frame of two halves of one speaker's speech falls as they grow, that of two speakers does
 * not). Long recordings are first reduced to
 * {@link #MAX_CLUSTERS} by merging neighbours in time, which keeps the cost O(MAX_CLUSTERS^3).
 */
public final class SpeakerClustering {
    static final int MAX_CLUSTERS = 300;
    /** Frames (10 ms each) of speech a cluster needs before it can stand for a speaker of its own. */
    static final int MIN_SPEAKER_FRAMES = 300;
    private final double lambda;
    private final double maxLossPerFrame;

    /**
     * @param lambda          weight of the BIC penalty, which orders the merges
     * @param maxLossPerFrame largest log-likelihood loss per frame (nats) of a merge when the
     *                        number of speakers is estimated; larger merges more (fewer speakers)
     */
    public SpeakerClustering(double lambda, double maxLossPerFrame) {
        this.lambda = lambda;
        this.maxLossPerFrame = maxLossPerFrame;
    }

    /**
     * @param windows     per window (in time order) the statistics of its frames
     * @param numSpeakers wanted number of clusters, or 0 to decide by BIC
     * @return per window its cluster, numbered 0.. in order of first appearance
     */
    int[] cluster(List<GaussianStats> windows, int numSpeakers) {
        int n = windows.size();
        List<GaussianStats> clusters = new ArrayList<>(windows);
        // members.get(c) = windows in cluster c; starts as one window each
        List<List<Integer>> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > MAX_CLUSTERS) {
            int best = -1;
            double bestBic = Double.MAX_VALUE;
            for (int i = 0; i + 1 < clusters.size(); i++) {
                double b = deltaBic(clusters.get(i), clusters.get(i + 1));
                if (b < bestBic) {
                    bestBic = b;
                    best = i;
                }
            }
            merge(clusters, members, best, best + 1);
        }
        int target = Math.max(1, numSpeakers);
        int m = clusters.size();
        double[][] bic = new double[m][m];
        double[][] loss = new double[m][m];
        boolean[] alive = new boolean[m];
        for (int i = 0; i < m; i++) {
            alive[i] = true;
            for (int j = i + 1; j < m; j++) {
                bic[i][j] = deltaBic(clusters.get(i), clusters.get(j));
                loss[i][j] = lossPerFrame(clusters.get(i), clusters.get(j));
            }
        }
        int count = m;
        while (count > target) {
            int bi = -1;
            int bj = -1;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < m; i++) {
                if (!alive[i]) {
                    continue;
                }
                for (int j = i + 1; j < m; j++) {
                    if (alive[j] && bic[i][j] < best && (numSpeakers > 0 || mayMerge(clusters.get(i), clusters.get(j),
                            loss[i][j]))) {
                        best = bic[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0) {
                break; // every remaining pair sounds like two different speakers
            }
            clusters.set(bi, clusters.get(bi).plus(clusters.get(bj)));
            members.get(bi).addAll(members.get(bj));
            members.get(bj).clear();
            alive[bj] = false;
            count--;
            for (int k = 0; k < m; k++) {
                if (alive[k] && k != bi) {
                    int lo = Math.min(k, bi);
                    int hi = Math.max(k, bi);
                    bic[lo][hi] = deltaBic(clusters.get(lo), clusters.get(hi));
                    loss[lo][hi] = lossPerFrame(clusters.get(lo), clusters.get(hi));
                }
            }
        }
        int[] raw = new int[n];
        for (int c = 0; c < members.size(); c++) {
            for (int w : members.get(c)) {
                raw[w] = c;
            }
        }
        return renumberByFirstAppearance(raw);
    }

    /**
     * Whether two clusters may be one speaker when the number of speakers is estimated: a cluster
     * of less than {@link #MIN_SPEAKER_FRAMES} frames is too short to stand for a speaker of its
     * own, and two larger ones merge unless one Gaussian loses more than the limit per frame.
     */
    private boolean mayMerge(GaussianStats a, GaussianStats b, double lossPerFrame) {
        return Math.min(a.count, b.count) < MIN_SPEAKER_FRAMES || lossPerFrame <= maxLossPerFrame;
    }

    /** dBIC of merging two clusters: below 0, one Gaussian explains both better than two. */
    double deltaBic(GaussianStats a, GaussianStats b) {
        return logLikelihoodLoss(a, b) - lambda * a.dims() * Math.log(a.count + b.count);
    }

    /** Log-likelihood lost by modelling both clusters with one Gaussian, per frame (nats). */
    static double lossPerFrame(GaussianStats a, GaussianStats b) {
        return logLikelihoodLoss(a, b) / (a.count + b.count);
    }

    private static double logLikelihoodLoss(GaussianStats a, GaussianStats b) {
        GaussianStats ab = a.plus(b);
        return 0.5 * (ab.count * ab.logDetCovariance() - a.count * a.logDetCovariance()
                - b.count * b.logDetCovariance());
    }

    private static void merge(List<GaussianStats> clusters, List<List<Integer>> members, int i, int j) {
        clusters.set(i, clusters.get(i).plus(clusters.get(j)));
        clusters.remove(j);
        members.get(i).addAll(members.get(j));
        members.remove(j);
    }

    static int[] renumberByFirstAppearance(int[] raw) {
        int[] out = new int[raw.length];
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < raw.length; i++) {
            out[i] = ids.computeIfAbsent(raw[i], k -> ids.size());
        }
        return out;
    }
}
