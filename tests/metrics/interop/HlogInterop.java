// HdrHistogram for Java's half of the interval-log cross-check (see
// hlog_interop.cpp for the expected-file format):
//   java -cp hdrhistogram.jar HlogInterop.java check <log> <expected>
//       reads rollcall's log with HistogramLogReader and compares
//   java -cp hdrhistogram.jar HlogInterop.java write <log> <expected>
//       writes a log with HistogramLogWriter for rollcall to read

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

public class HlogInterop {
    static String summary(String tag, AbstractHistogram h) {
        return String.format(Locale.US, "%s %d %d %d %d %d %d %.17g",
                tag == null || tag.isEmpty() ? "-" : tag, h.getTotalCount(), h.getMaxValue(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMean());
    }

    static boolean sameSummary(String got, String want) {
        String[] g = got.split(" ");
        String[] w = want.split(" ");
        if (g.length != 8 || w.length != 8) return false;
        for (int i = 0; i < 7; i++) {
            if (!g[i].equals(w[i])) return false;
        }
        double gm = Double.parseDouble(g[7]);
        double wm = Double.parseDouble(w[7]);
        return Math.abs(gm - wm) <= 1e-9 * Math.max(1.0, Math.abs(wm));
    }

    static int check(String logPath, String expectedPath) throws Exception {
        List<String> expected = Files.readAllLines(Paths.get(expectedPath));
        HistogramLogReader reader = new HistogramLogReader(logPath);
        int intervals = 0;
        int failures = 0;
        long total = 0;
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            if (intervals >= expected.size()) {
                System.err.println("Java read more intervals than rollcall wrote");
                return 1;
            }
            AbstractHistogram h = (AbstractHistogram) e;
            String got = summary(h.getTag(), h);
            String want = expected.get(intervals);
            intervals++;
            total += h.getTotalCount();
            if (!sameSummary(got, want)) {
                System.err.println("interval " + intervals + ": Java read '" + got + "', rollcall had '" + want + "'");
                failures++;
            }
        }
        if (intervals != expected.size()) {
            System.err.println("Java read " + intervals + " intervals, rollcall wrote " + expected.size());
            return 1;
        }
        System.out.println("HdrHistogram Java read " + intervals + " intervals (" + total
                + " samples) written by rollcall, " + failures + " mismatches");
        return failures == 0 ? 0 : 1;
    }

    static int write(String logPath, String expectedPath) throws Exception {
        Random random = new Random(7);
        Histogram a = new Histogram(1, 3600000000L, 3);
        for (int i = 0; i < 20000; i++) a.recordValue((long) (-Math.log(1 - random.nextDouble()) * 12000));
        Histogram b = new Histogram(1, 3600000000L, 3);
        for (int i = 0; i < 10000; i++) b.recordValueWithCount(1 + random.nextInt(5000000), 1 + i % 3);
        b.recordValue(3600000000L);
        b.setTag("checkout");
        Histogram c = new Histogram(1, 3600000000L, 3);
        c.setTag("idle");
        Histogram d = new Histogram(1000, 60000000L, 2);
        for (long v = 0; v < 60000000L; v += 54321) d.recordValue(v);
        Histogram[] intervals = {a, b, c, d};

        try (PrintStream log = new PrintStream(new FileOutputStream(logPath));
             PrintStream expected = new PrintStream(new FileOutputStream(expectedPath))) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputLogFormatVersion();
            writer.outputStartTime(1700000000000L);
            writer.outputLegend();
            for (int i = 0; i < intervals.length; i++) {
                writer.outputIntervalHistogram(i, i + 1, intervals[i], 1000.0);
                expected.println(summary(intervals[i].getTag(), intervals[i]));
            }
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HlogInterop check|write <log> <expected>");
            System.exit(2);
        }
        int rc = args[0].equals("check") ? check(args[1], args[2]) : write(args[1], args[2]);
        System.exit(rc);
    }
}
