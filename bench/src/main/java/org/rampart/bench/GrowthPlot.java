package org.rampart.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The growth plot for docs/benchmarks.md: ingest CPU per event against events stored (from the {@code RESULT
 * leg=growth-ingest} lines {@link GrowthIngest} prints; the median of repeated ones) and search p99 against events
 * stored (given, from the search benchmark), side by side, each point labelled with its value; under them the replay
 * and startup figures when the results hold them. Drawn headless with java.awt, written with ImageIO.
 */
@Command(name = "growth-plot", mixinStandardHelpOptions = true,
        description = "Draws the growth figures (RESULT lines of the growth bench) as a PNG.")
public final class GrowthPlot implements Callable<Integer> {
    static final int WIDTH = 1000;
    static final int HEIGHT = 440;
    private static final int PANEL_TOP = 50;
    private static final int PANEL_BOTTOM = HEIGHT - 95;
    private static final Color LINE = new Color(0x1f, 0x77, 0xb4);
    private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);

    @Option(names = "--results", required = true, description = "A file holding the growth bench's RESULT lines.")
    Path results;

    @Option(names = "--search", split = ",", description = "Search p99 in ms by events stored: STORED=MS[,STORED=MS...],"
            + " e.g. 1000000=12.5,10000000=48 (from the search benchmark).")
    Map<Long, Double> searchP99 = new TreeMap<>();

    @Option(names = "--out", description = "The PNG to write (default ${DEFAULT-VALUE}).")
    Path out = Path.of("docs/benchmarks-growth.png");

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrowthPlot()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");    // before the first AWT class: no display needed
        List<Map<String, String>> lines = resultLines(Files.readAllLines(results));
        Map<Long, List<Double>> ingest = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        for (Map<String, String> r : lines) {
            switch (r.getOrDefault("leg", "")) {
                case "growth-ingest" -> ingest.computeIfAbsent(Long.parseLong(r.get("stored")), n -> new ArrayList<>())
                        .add(Double.parseDouble(r.get("cpu_us_per_event")));
                case "growth-replay" -> notes.add(String.format(Locale.ROOT, "journal replay after a crash: %s s per million events"
                        + " (%s events, load %s)", r.get("s_per_million"), r.get("events"), r.get("load_avg")));
                case "growth-startup" -> notes.add(String.format(Locale.ROOT, "startup until intake accepts: %s s with %s daily"
                        + " partitions, %s s empty (load %s)", r.get("seconds"), r.get("partitions"), r.get("empty_seconds"),
                        r.get("load_avg")));
                default -> { }
            }
        }
        Map<Long, Double> medians = new TreeMap<>();
        ingest.forEach((stored, values) -> medians.put(stored, median(values)));
        draw(medians, new TreeMap<>(searchP99), notes, out);
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    /** Of repeated measurements at one size (e.g. {@code --stored 0,10000000,0,10000000}), the median is drawn. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The {@code k=v} pairs of every line starting with {@code RESULT }. */
    static List<Map<String, String>> resultLines(List<String> text) {
        List<Map<String, String>> parsed = new ArrayList<>();
        for (String line : text) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> pairs = new HashMap<>();
            for (String pair : line.substring("RESULT ".length()).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            parsed.add(pairs);
        }
        return parsed;
    }

    static void draw(Map<Long, Double> ingest, Map<Long, Double> search, List<String> notes, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            panel(g, 70, WIDTH / 2 - 30, "Ingest: process CPU per event (merges included)", "µs per event", ingest, "%.1f");
            panel(g, WIDTH / 2 + 70, WIDTH - 30, "Search p99 (search benchmark)", "p99 ms", search, "%.1f");
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int y = HEIGHT - 38;
            for (String note : notes) {
                g.drawString(note, 70, y);
                y += 18;
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    /** One panel between x {@code left} and {@code right}: points joined by a line, each labelled, or why it is empty. */
    private static void panel(Graphics2D g, int left, int right, String title, String yLabel, Map<Long, Double> points,
                              String valueFormat) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, left, PANEL_TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        // Millions, rounded up so that the four ticks fall on whole millions.
        double maxX = Math.max(4, 4 * Math.ceil(points.keySet().stream().mapToLong(Long::longValue).max().orElse(0) / 4e6));
        double maxY = points.values().stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.25;
        int height = PANEL_BOTTOM - PANEL_TOP;
        for (int tick = 0; tick <= 4; tick++) {
            int y = PANEL_BOTTOM - height * tick / 4;
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            if (!points.isEmpty()) {
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%.0f", maxY * tick / 4);
                g.drawString(label, left - 8 - metrics.stringWidth(label), y + 4);
            }
        }
        g.setColor(Color.DARK_GRAY);
        for (int tick = 0; tick <= 4; tick++) {
            int x = left + (right - left) * tick / 4;
            String label = String.format(Locale.ROOT, "%.0f M", maxX * tick / 4);
            g.drawString(label, x - metrics.stringWidth(label) / 2, PANEL_BOTTOM + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, PANEL_BOTTOM, right, PANEL_BOTTOM);
        g.drawLine(left, PANEL_TOP, left, PANEL_BOTTOM);
        String xLabel = "events stored";
        g.drawString(xLabel, (left + right - metrics.stringWidth(xLabel)) / 2, PANEL_BOTTOM + 34);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(PANEL_TOP + height / 2 + metrics.stringWidth(yLabel) / 2), left - 45);
        rotated.dispose();
        if (points.isEmpty()) {
            String none = "no figures given";
            g.setColor(Color.GRAY);
            g.drawString(none, (left + right - metrics.stringWidth(none)) / 2, PANEL_TOP + height / 2);
            return;
        }
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f));
        int previousX = -1;
        int previousY = -1;
        for (Map.Entry<Long, Double> point : points.entrySet()) {
            int x = left + (int) Math.round((right - left) * (point.getKey() / 1e6) / maxX);
            int y = PANEL_BOTTOM - (int) Math.round(height * point.getValue() / maxY);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            g.fillOval(x - 4, y - 4, 8, 8);
            String value = String.format(Locale.ROOT, valueFormat, point.getValue());
            g.drawString(value, Math.min(x + 6, right - metrics.stringWidth(value)), y - 8);
            previousX = x;
            previousY = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
