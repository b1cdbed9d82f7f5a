import type { Entity, Viewer } from 'cesium';

/**
 * The info box: click an object on the globe (Cesium picks it and sets the viewer's selected entity)
 * to see what the picture knows of it; "track" keeps the camera on it (the viewer's tracked entity)
 * until "stop" or another selection. Its rows come from `describe` (main.ts: the messages' data only).
 */
export class Inspector {
  describe: (entity: Entity) => Array<[string, string]> = () => [];
  private selected: Entity | undefined;
  private rows: Array<[string, string]> = [];
  private readonly title: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly track: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly viewer: Viewer,
  ) {
    root.innerHTML =
      '<h2><span id="inspect-title"></span> <button type="button" id="inspect-track">track</button> <button type="button" id="inspect-close" title="Close">✕</button></h2><table id="inspect-rows"></table>';
    this.title = root.querySelector('#inspect-title') as HTMLElement;
    this.table = root.querySelector('#inspect-rows') as HTMLTableElement;
    this.track = root.querySelector('#inspect-track') as HTMLButtonElement;
    root.hidden = true;
    viewer.selectedEntityChanged.addEventListener((entity: Entity | undefined) => this.select(entity));
    this.track.addEventListener('click', () => {
      if (!this.selected) return;
      this.viewer.trackedEntity = this.viewer.trackedEntity === this.selected ? undefined : this.selected;
      this.render();
    });
    (root.querySelector('#inspect-close') as HTMLButtonElement).addEventListener('click', () => {
      this.viewer.selectedEntity = undefined;
    });
  }

  /** Re-reads the selected object's rows (it moves). */
  refresh(): void {
    if (this.selected) this.render();
  }

  state(): { selected?: string; rows: Array<[string, string]>; tracked?: string } {
    const tracked = this.viewer.trackedEntity?.id;
    return {
      ...(this.selected ? { selected: String(this.selected.id) } : {}),
      rows: this.rows,
      ...(tracked !== undefined ? { tracked: String(tracked) } : {}),
    };
  }

  private select(entity: Entity | undefined): void {
    this.selected = entity;
    if (this.viewer.trackedEntity && this.viewer.trackedEntity !== entity) this.viewer.trackedEntity = undefined;
    this.root.hidden = !entity;
    this.render();
  }

  private render(): void {
    const e = this.selected;
    this.rows = e ? this.describe(e) : [];
    this.title.textContent = e ? (e.name ?? String(e.id)) : '';
    this.track.textContent = e && this.viewer.trackedEntity === e ? 'stop tracking' : 'track';
    this.table.replaceChildren(
      ...this.rows.map(([k, v]) => {
        const row = document.createElement('tr');
        const a = document.createElement('td'),
          b = document.createElement('td');
        a.textContent = k;
        b.textContent = v;
        row.dataset.key = k;
        row.append(a, b);
        return row;
      }),
    );
  }
}
