/**
 * The per-nation view switcher: in demo mode, choosing a nation reconnects as that nation's demo
 * viewer, so the picture shows exactly what that nation's users receive (the server filters every
 * message by the sharing policy). With a token the nation is the token's and the switcher is off.
 */
export class NationSwitcher {
  private readonly select: HTMLSelectElement;

  constructor(
    root: HTMLElement,
    private readonly onSwitch: (nation: string) => void,
  ) {
    root.innerHTML = '<label>view as <select id="nation"></select></label>';
    this.select = root.querySelector('#nation') as HTMLSelectElement;
    this.select.addEventListener('change', () => this.onSwitch(this.select.value));
  }

  /** The connection's nation, the nations the scene mentions, and whether switching is allowed. */
  show(current: string, nations: Iterable<string>, demo: boolean): void {
    const all = [...new Set([current, ...nations])].sort();
    this.select.replaceChildren(...all.map((n) => new Option(n, n, false, n === current)));
    this.select.value = current;
    this.select.disabled = !demo;
    this.select.title = demo ? "Reconnect as this nation's demo viewer" : 'The nation is fixed by your sign-in token';
  }
}
