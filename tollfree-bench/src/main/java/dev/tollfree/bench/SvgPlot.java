package dev.tollfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A latency-by-percentile chart as SVG: x is the percentile on a "number of nines" scale, y the
 * latency in milliseconds on a log scale; dashed lines are direct, solid lines through the gateway.
 */
final class SvgPlot {
    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    private static final int W = 760;
    private static final int H = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /** One line: a label, a histogram in microseconds, a colour index and whether it is dashed. */
    record Series(String label, Histogram micros, int colour, boolean dashed) {}

    private SvgPlot() {}

    static String render(String title, List<Series> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        List<double[]> points = new ArrayList<>();
        for (Series s : series) {
            double[] ys = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++) {
                ys[i] = s.micros().getTotalCount() == 0 ? Double.NaN : Math.max(0.001, s.micros().getValueAtPercentile(PERCENTILES[i]) / 1000.0);
                if (!Double.isNaN(ys[i])) {
                    min = Math.min(min, ys[i]);
                    max = Math.max(max, ys[i]);
                }
            }
            points.add(ys);
        }
        if (max == 0) {
            min = 0.01;
            max = 1;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        StringBuilder b = new StringBuilder();
        b.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        b.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(f("<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            for (int m = 1; m < 10 && t * m <= hi * 1.0001; m++) {
                double y = y(t * m, lo, hi);
                b.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n", LEFT, y, W - RIGHT, y, m == 1 ? "#bbb" : "#eee"));
                if (m == 1) {
                    b.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label(t)));
                }
            }
        }
        for (double p : PERCENTILES) {
            double x = x(p);
            b.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, H - BOTTOM));
            b.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, H - BOTTOM + 16, p == 0 ? "min" : trim(p)));
        }
        b.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", (LEFT + W - RIGHT) / 2, H - 18));
        b.append(f("<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">latency (ms, log scale)</text>%n", (TOP + H - BOTTOM) / 2));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[] ys = points.get(i);
            StringBuilder path = new StringBuilder();
            for (int k = 0; k < PERCENTILES.length; k++) {
                if (!Double.isNaN(ys[k])) {
                    path.append(path.isEmpty() ? "M" : " L").append(f("%.1f %.1f", x(PERCENTILES[k]), y(ys[k], lo, hi)));
                }
            }
            String colour = COLOURS[s.colour() % COLOURS.length];
            b.append(f("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", path, colour, s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            int ly = TOP + 14 + i * 18;
            b.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", W - RIGHT + 12, ly - 4, W - RIGHT + 40, ly - 4,
                    colour, s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            b.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 46, ly, esc(s.label())));
        }
        b.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, TOP, W - RIGHT - LEFT, H - BOTTOM - TOP));
        b.append("</svg>\n");
        return b.toString();
    }

    /** Percentile on a log scale of 1 / (1 - p): 0 at the minimum, 4 at 99.99. */
    private static double x(double percentile) {
        double nines = percentile <= 0 ? 0 : Math.log10(100.0 / (100.0 - percentile));
        return LEFT + 10 + nines / 4.0 * (W - RIGHT - LEFT - 20);
    }

    private static double y(double ms, double lo, double hi) {
        double frac = (Math.log10(ms) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return H - BOTTOM - frac * (H - BOTTOM - TOP);
    }

    private static String label(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : trim(ms);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
