import { describeEvent, rowKey } from './event-text.ts';
import type { ClientMessage, EngineEvent } from './protocol.ts';

/** Rows kept on screen (the newest); the count of every event received is kept beside them. */
const MAX_ROWS = 300;
/**
 * The event list: detections, tracks, assignments (with approve and deny for a commander, on those
 * waiting for its nation's decision in a live trial: `decides`), refusals, decisions, shots, intercepts
 * and impacts, newest first.
 */
export class EventList {
  private readonly list: HTMLOListElement;
  private readonly total: HTMLElement;
  private received = 0;
  /** Rows of the latest time received, by key (identical events of one time are one row with a count). */
  private rowsAt = new Map<string, HTMLLIElement>();
  private rowsT = NaN;
  private readonly heading: HTMLElement;
  /** The approve/deny buttons of assign rows, by engagement (`weapon|object`). */
  private readonly buttons = new Map<string, HTMLButtonElement[]>();
  constructor(
    root: HTMLElement,
    private readonly send: (message: ClientMessage) => void,
    private readonly decides: (e: EngineEvent) => boolean = () => false,
  ) {
    root.innerHTML =
      '<h2><button type="button" id="events-toggle" title="Hide or show the event list" aria-expanded="true">▾</button> Events <span id="event-count">0</span></h2><ol id="event-rows" reversed></ol>';
    this.list = root.querySelector('#event-rows') as HTMLOListElement;
    this.total = root.querySelector('#event-count') as HTMLElement;
    this.heading = root;
    // collapsed, the panel is its heading only: it never hides the fight
    const toggle = root.querySelector('#events-toggle') as HTMLButtonElement;
    toggle.addEventListener('click', () => {
      const collapsed = root.classList.toggle('collapsed');
      toggle.textContent = collapsed ? '▸' : '▾';
      toggle.setAttribute('aria-expanded', String(!collapsed));
    });
  }

  add(events: readonly EngineEvent[]): void {
    const fragment = document.createDocumentFragment();
    for (const e of events) {
      const index = this.received++;
      if (e.t !== this.rowsT) {
        this.rowsT = e.t;
        this.rowsAt = new Map();
      }
      const key = rowKey(e);
      const same = this.rowsAt.get(key);
      if (same) {
        // the same event again (another round): one row, counted
        const count = Number(same.dataset.count ?? '1') + 1;
        same.dataset.count = String(count);
        (same.querySelector('.times') as HTMLElement).textContent = ` ×${count}`;
        continue;
      }
      const row = document.createElement('li');
      this.rowsAt.set(key, row);
      row.dataset.count = '1';
      row.className = `event event-${e.type}${e.type === 'intercept' ? (e.hit ? ' hit' : ' miss') : ''}`;
      row.dataset.type = e.type;
      row.textContent = `${e.t.toFixed(0).padStart(5)} s  ${describeEvent(e)}`;
      const times = document.createElement('span');
      times.className = 'times';
      row.append(times);
      if ((e.type === 'assign' || e.type === 'consent') && this.decides(e)) {
        for (const decision of ['approve', 'deny'] as const) {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = decision;
          button.addEventListener('click', () => {
            this.send({ type: 'decide', assign: index, decision });
            row.querySelectorAll('button').forEach((b) => {
              b.disabled = true;
            });
          });
          row.append(' ', button);
          const k = `${e.weapon}|${e.object}`;
          this.buttons.set(k, [...(this.buttons.get(k) ?? []), button]);
        }
      }
      fragment.prepend(row);
    }
    this.list.prepend(fragment);
    while (this.list.childElementCount > MAX_ROWS) this.list.lastElementChild?.remove();
    this.total.textContent = String(this.received);
  }

  /** Only engagements still pending keep their buttons enabled (a decision after the timeout would be refused). */
  setPending(pending: ReadonlySet<string>): void {
    for (const [k, buttons] of this.buttons) {
      if (pending.has(k)) continue;
      for (const b of buttons) b.disabled = true;
      this.buttons.delete(k);
    }
  }

  note(text: string): void {
    const row = document.createElement('li');
    row.className = 'event event-note';
    row.textContent = text;
    this.list.prepend(row);
  }

  /** Whether the list is folded to its heading. */
  get collapsed(): boolean {
    return this.heading.classList.contains('collapsed');
  }

  clear(): void {
    this.rowsAt = new Map();
    this.rowsT = NaN;
    this.list.replaceChildren();
    this.buttons.clear();
    this.received = 0;
    this.total.textContent = '0';
  }
}
