import { Cartesian2, Cartesian3, ConstantProperty, type Entity, LabelStyle, VerticalOrigin, type Viewer } from 'cesium';
import { CITY_HIT_COLOUR, CITY_SAFE_COLOUR } from './palette.ts';
import { citySize } from './city-size.ts';
import type { CityAsset, EngineEvent } from './protocol.ts';

/**
 * Defended cities sized by population and coloured by outcome: safe until a warhead's `impact` aimed
 * at the city arrives, then hit.
 */
export class DefendedCities {
  private readonly entities = new Map<string, Entity>();
  readonly hit = new Set<string>();

  constructor(private readonly viewer: Viewer) {}

  show(cities: readonly CityAsset[]): void {
    this.clear();
    for (const city of cities) {
      this.entities.set(
        city.id,
        this.viewer.entities.add({
          id: `city:${city.id}`,
          name: `${city.name} (${city.nation})${city.population ? `, population ${city.population.toLocaleString('en')}` : ''}`,
          position: Cartesian3.fromRadians(city.longitude, city.latitude),
          point: {
            pixelSize: citySize(city.population),
            color: CITY_SAFE_COLOUR.withAlpha(0.85),
            outlineColor: CITY_SAFE_COLOUR,
            outlineWidth: 1,
          },
          label: {
            text: city.name,
            font: '12px sans-serif',
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 2,
            verticalOrigin: VerticalOrigin.TOP,
            pixelOffset: new Cartesian2(0, 10),
          },
        }),
      );
    }
  }

  event(e: EngineEvent): void {
    if (e.type !== 'impact' || e.kind !== 'warhead' || !e.aimedAt.id) return;
    const entity = this.entities.get(e.aimedAt.id);
    if (!entity?.point || this.hit.has(e.aimedAt.id)) return;
    this.hit.add(e.aimedAt.id);
    entity.point.color = new ConstantProperty(CITY_HIT_COLOUR);
    entity.point.outlineColor = new ConstantProperty(CITY_HIT_COLOUR);
  }

  /** Back to safe (a seek replays the events up to the new time). */
  resetOutcomes(): void {
    for (const id of this.hit) {
      const point = this.entities.get(id)?.point;
      if (point) {
        point.color = new ConstantProperty(CITY_SAFE_COLOUR.withAlpha(0.85));
        point.outlineColor = new ConstantProperty(CITY_SAFE_COLOUR);
      }
    }
    this.hit.clear();
  }

  clear(): void {
    for (const entity of this.entities.values()) this.viewer.entities.remove(entity);
    this.entities.clear();
    this.hit.clear();
  }
}
