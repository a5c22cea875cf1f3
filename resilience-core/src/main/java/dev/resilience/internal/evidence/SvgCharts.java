package dev.resilience.internal.evidence;

import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Draws small charts as inline SVG (no scripts, no fonts from the network). Every mark carries its
 * figures in {@code data-*} attributes so the page can be checked by machine.
 */
public final class SvgCharts {
  static final int WIDTH = 640;
  static final int HEIGHT = 220;
  private static final int LEFT = 70;
  private static final int TOP = 14;
  private static final int PLOT_W = WIDTH - LEFT - 12;
  private static final int PLOT_H = HEIGHT - TOP - 40;

  private SvgCharts() {}

  /**
   * One bar.
   *
   * @param label x-axis label (a day, a time)
   * @param value height
   * @param bad drawn in the failure colour
   * @param attributes extra {@code data-*} attributes (already named, values escaped here)
   */
  public record Bar(String label, long value, boolean bad, List<String[]> attributes) {}

  /** A point of a line chart. */
  public record Point(String label, long value) {}

  /** A bar chart with an optional horizontal threshold line (an objective). */
  public static String bars(String chartId, String title, List<Bar> bars, Long threshold, String thresholdLabel,
      LongFunction<String> format) {
    long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(0));
    if (threshold != null) {
      max = Math.max(max, threshold);
    }
    StringBuilder s = open(chartId, title, max, format);
    int n = Math.max(1, bars.size());
    double slot = (double) PLOT_W / n;
    double barW = Math.max(1, slot * 0.7);
    int labelEvery = Math.max(1, (int) Math.ceil(n / 12.0));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double h = (double) b.value() / max * PLOT_H;
      double x = LEFT + i * slot + (slot - barW) / 2;
      s.append("<rect class=\"bar").append(b.bad() ? " bad" : "").append("\" x=\"").append(num(x))
          .append("\" y=\"").append(num(TOP + PLOT_H - h)).append("\" width=\"").append(num(barW))
          .append("\" height=\"").append(num(h)).append("\" data-label=\"").append(Html.escape(b.label()))
          .append("\" data-value=\"").append(b.value()).append('"');
      for (String[] a : b.attributes()) {
        s.append(' ').append(a[0]).append("=\"").append(Html.escape(a[1])).append('"');
      }
      s.append("><title>").append(Html.escape(b.label() + ": " + format.apply(b.value()))).append("</title></rect>\n");
      if (i % labelEvery == 0) {
        s.append("<text class=\"xlabel\" x=\"").append(num(x + barW / 2)).append("\" y=\"").append(TOP + PLOT_H + 14)
            .append("\" text-anchor=\"middle\">").append(Html.escape(shortLabel(b.label()))).append("</text>\n");
      }
    }
    if (bars.isEmpty()) {
      s.append("<text class=\"empty\" x=\"").append(LEFT + PLOT_W / 2).append("\" y=\"").append(TOP + PLOT_H / 2)
          .append("\" text-anchor=\"middle\">no data</text>\n");
    }
    if (threshold != null) {
      double y = TOP + PLOT_H - (double) threshold / max * PLOT_H;
      s.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W)
          .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\" data-value=\"")
          .append(threshold).append("\"/>\n<text class=\"threshold-label\" x=\"").append(LEFT + PLOT_W)
          .append("\" y=\"").append(num(y - 4)).append("\" text-anchor=\"end\">")
          .append(Html.escape(thresholdLabel + " " + format.apply(threshold))).append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  /** A line chart with a marker per point. */
  public static String line(String chartId, String title, List<Point> points, LongFunction<String> format) {
    long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(0));
    StringBuilder s = open(chartId, title, max, format);
    int n = points.size();
    StringBuilder path = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Point p = points.get(i);
      double x = LEFT + (n == 1 ? PLOT_W / 2.0 : (double) i / (n - 1) * PLOT_W);
      double y = TOP + PLOT_H - (double) p.value() / max * PLOT_H;
      path.append(i == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
      marks.append("<circle class=\"point\" cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
          .append("\" r=\"3\" data-label=\"").append(Html.escape(p.label())).append("\" data-value=\"")
          .append(p.value()).append("\"><title>").append(Html.escape(p.label() + ": " + format.apply(p.value())))
          .append("</title></circle>\n");
    }
    if (n > 0) {
      s.append("<polyline class=\"line\" fill=\"none\" points=\"").append(path).append("\"/>\n").append(marks);
      s.append("<text class=\"xlabel\" x=\"").append(LEFT).append("\" y=\"").append(TOP + PLOT_H + 14)
          .append("\">").append(Html.escape(shortLabel(points.get(0).label()))).append("</text>\n");
      s.append("<text class=\"xlabel\" x=\"").append(LEFT + PLOT_W).append("\" y=\"").append(TOP + PLOT_H + 14)
          .append("\" text-anchor=\"end\">").append(Html.escape(shortLabel(points.get(n - 1).label()))).append("</text>\n");
    } else {
      s.append("<text class=\"empty\" x=\"").append(LEFT + PLOT_W / 2).append("\" y=\"").append(TOP + PLOT_H / 2)
          .append("\" text-anchor=\"middle\">no data</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder open(String chartId, String title, long max, LongFunction<String> format) {
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").append(chartId)
        .append("\" data-max=\"").append(max).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(title)).append("\">\n<title>").append(Html.escape(title)).append("</title>\n");
    s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP + PLOT_H).append("\" x2=\"")
        .append(LEFT + PLOT_W).append("\" y2=\"").append(TOP + PLOT_H).append("\"/>\n");
    s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
        .append("\" y2=\"").append(TOP + PLOT_H).append("\"/>\n");
    s.append("<text class=\"ylabel\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 10)
        .append("\" text-anchor=\"end\">").append(Html.escape(format.apply(max))).append("</text>\n");
    s.append("<text class=\"ylabel\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + PLOT_H)
        .append("\" text-anchor=\"end\">0</text>\n");
    return s;
  }

  private static String shortLabel(String label) {
    // 2026-11-03 -> 11-03; 2026-11-03T04:05:06Z -> 11-03 04:05
    if (label.length() >= 16 && label.charAt(10) == 'T') {
      return label.substring(5, 10) + " " + label.substring(11, 16);
    }
    return label.length() == 10 ? label.substring(5) : label;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
