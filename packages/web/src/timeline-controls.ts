import { clockText } from './clock-text.ts';
import { type ClientMessage, MAX_SPEED, MIN_SPEED, SPEEDS } from './protocol.ts';

/**
 * The timeline bar: play, pause, speed (1–1000 scenario seconds per wall second) and seek. It sends
 * control messages and shows the server's clock; it never moves time itself.
 */
export class TimelineControls {
  private readonly play: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private readonly seek: HTMLInputElement;
  private readonly time: HTMLElement;
  private dragging = false;
  private epochMs = 0;

  constructor(root: HTMLElement, send: (message: ClientMessage) => void) {
    root.innerHTML = `
      <button type="button" id="play" title="Play">▶ Play</button>
      <button type="button" id="pause" title="Pause">❚❚ Pause</button>
      <label>speed <select id="speed" title="Scenario seconds per wall second"></select></label>
      <input type="range" id="seek" min="0" max="1" step="1" value="0" title="Seek">
      <span id="clock-time">–</span>`;
    this.play = root.querySelector('#play') as HTMLButtonElement;
    this.pause = root.querySelector('#pause') as HTMLButtonElement;
    this.speed = root.querySelector('#speed') as HTMLSelectElement;
    this.seek = root.querySelector('#seek') as HTMLInputElement;
    this.time = root.querySelector('#clock-time') as HTMLElement;
    for (const s of SPEEDS) this.speed.add(new Option(`×${s}`, String(s)));
    this.play.addEventListener('click', () => send({ type: 'play' }));
    this.pause.addEventListener('click', () => send({ type: 'pause' }));
    this.speed.addEventListener('change', () => {
      const value = Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number(this.speed.value)));
      send({ type: 'speed', value });
    });
    this.seek.addEventListener('input', () => {
      this.dragging = true;
      this.showTime(Number(this.seek.value));
    });
    this.seek.addEventListener('change', () => {
      this.dragging = false;
      send({ type: 'seek', t: Number(this.seek.value) });
    });
  }

  setRange(epochMs: number, start: number, end: number): void {
    this.epochMs = epochMs;
    this.seek.min = String(Math.floor(start));
    this.seek.max = String(Math.ceil(end));
  }

  showClock(t: number, speed: number, playing: boolean): void {
    if (!this.dragging) {
      this.seek.value = String(t);
      this.showTime(t);
    }
    this.play.disabled = playing;
    this.pause.disabled = !playing;
    const option = String(speed);
    if (![...this.speed.options].some((o) => o.value === option)) this.speed.add(new Option(`×${speed}`, option));
    this.speed.value = option;
  }

  private showTime(t: number): void {
    this.time.textContent = clockText(this.epochMs, t);
    this.time.dataset.t = String(t);
  }
}
