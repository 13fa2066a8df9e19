/** WCAG contrast from computed CSS colours: `rgb()`/`rgba()` (0–255) or, from color-mix(), `color(srgb r g b / a)` (0–1). */

/** [r, g, b] in 0–255 and alpha in 0–1. */
export function rgba(s: string): number[] {
  const c = (s.match(/[\d.]+/g) ?? []).map(Number);
  const scale = s.trim().startsWith('color(') ? 255 : 1;
  return [(c[0] ?? 0) * scale, (c[1] ?? 0) * scale, (c[2] ?? 0) * scale, c.length > 3 ? (c[3] ?? 1) : 1];
}

export function luminance(c: number[]): number {
  const [r, g, b] = [0, 1, 2].map((i) => {
    const v = (c[i] ?? 0) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(foreground: string, background: string): number {
  const [hi, lo] = [luminance(rgba(foreground)), luminance(rgba(background))].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
