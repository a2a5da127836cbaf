/** A box in the graph's own coordinates (relative to the graph's top-left corner). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The curve from one box to another. When the target stands to the right (stages side by side) the
 * curve leaves the right edge and enters the left one; when the layout stacks (a phone), it leaves the
 * bottom and enters the top, so arrows follow whichever way the page is laid out.
 */
export function edgePath(from: Box, to: Box): string {
  if (to.left >= from.right - 1) {
    const [x1, y1, x2, y2] = [from.right, (from.top + from.bottom) / 2, to.left, (to.top + to.bottom) / 2];
    const bend = Math.max(24, (x2 - x1) / 2);
    return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
  }
  const [x1, y1, x2, y2] = [(from.left + from.right) / 2, from.bottom, (to.left + to.right) / 2, to.top];
  const bend = Math.max(16, (y2 - y1) / 2);
  return `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`;
}

/** A box measured from the DOM, relative to the graph's container. */
export function boxOf(element: Element, origin: DOMRect): Box {
  const rect = element.getBoundingClientRect();
  return { left: rect.left - origin.left, top: rect.top - origin.top, right: rect.right - origin.left, bottom: rect.bottom - origin.top };
}
