/**
 * A fixed-row-height virtual list: the DOM holds only the visible rows plus a small overscan, whatever the
 * number of items. Rows are recycled; `render` fills a row element for an index.
 */
export interface VirtualListOptions {
  container: HTMLElement;
  rowHeight: number;
  overscan?: number;
  /** Space at the top of the container (a sticky header). */
  offsetTop?: number;
  render(el: HTMLElement, index: number): void;
  onNearEnd?(): void;
}

export class VirtualList {
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private count = 0;
  private frame = 0;

  constructor(private readonly o: VirtualListOptions) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    o.container.appendChild(this.spacer);
    o.container.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(o.container);
  }

  setCount(count: number): void {
    this.count = count;
    this.spacer.style.height = `${count * this.o.rowHeight}px`;
    this.schedule();
  }

  /** Re-render the visible rows now (after data changed). */
  refresh(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  /** Scroll so that row `index` is visible below the sticky header. */
  scrollToIndex(index: number): void {
    const c = this.o.container;
    const offset = this.o.offsetTop ?? 0;
    const top = offset + index * this.o.rowHeight;
    if (top < c.scrollTop + offset) c.scrollTop = top - offset;
    else if (top + this.o.rowHeight > c.scrollTop + c.clientHeight) c.scrollTop = top + this.o.rowHeight - c.clientHeight;
    this.refresh();
  }

  /** Keep what the user sees in place when `added` rows are inserted above. */
  shiftBy(added: number): void {
    if (this.o.container.scrollTop > 0) this.o.container.scrollTop += added * this.o.rowHeight;
  }

  get visibleRows(): number {
    return Math.max(1, Math.floor((this.o.container.clientHeight - (this.o.offsetTop ?? 0)) / this.o.rowHeight));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { container, rowHeight } = this.o;
    const overscan = this.o.overscan ?? 8;
    const top = container.scrollTop - (this.o.offsetTop ?? 0);
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const last = Math.min(this.count, Math.ceil((top + container.clientHeight) / rowHeight) + overscan);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const el = document.createElement('div');
      this.spacer.appendChild(el);
      this.pool.push(el);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const el = this.pool[i] as HTMLElement;
      const index = first + i;
      if (i >= needed) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      el.style.transform = `translateY(${index * rowHeight}px)`;
      this.o.render(el, index);
    }
    if (this.o.onNearEnd && last >= this.count - overscan) this.o.onNearEnd();
  }
}
