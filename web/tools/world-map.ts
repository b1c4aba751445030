// A Vite plugin serving `virtual:world-map`: the world-atlas 110m countries, projected once at
// build time (Equal Earth) into SVG path strings keyed by ISO alpha-2. The browser then needs
// neither topojson-client nor a projection library, and the map chunk stays small and lazy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Plugin } from 'vite';
import { ISO_NUMERIC_TO_ALPHA2, NAMELESS_IDS } from '../src/map/iso-numeric.ts';

const ID = 'virtual:world-map';
const RESOLVED = '\0' + ID;
export const MAP_WIDTH = 1000;
/** Latitudes below this are cut (Antarctica and the empty ocean around it). */
const SOUTH_LIMIT = -58;

// Equal Earth (Šavrič, Patterson, Jenny 2018): equal-area, so shading compares like with like.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
function project(lon: number, lat: number): [number, number] {
  const l = (lon * Math.PI) / 180;
  const t = Math.asin(M * Math.sin((lat * Math.PI) / 180));
  const t2 = t * t, t6 = t2 * t2 * t2;
  const x = (2 * Math.sqrt(3) * l * Math.cos(t)) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1));
  const y = A4 * t6 * t2 * t + A3 * t6 * t + A2 * t2 * t + A1 * t;
  return [x, y];
}

const [X_MAX] = project(180, 0);
const SCALE = MAP_WIDTH / (2 * X_MAX);
const [, Y_TOP] = project(0, 84);
const [, Y_BOTTOM] = project(0, SOUTH_LIMIT);
export const MAP_HEIGHT = Math.round((Y_TOP - Y_BOTTOM) * SCALE);

function toView(lon: number, lat: number): [number, number] {
  const [x, y] = project(lon, Math.max(lat, SOUTH_LIMIT));
  return [Math.round((x + X_MAX) * SCALE * 2) / 2, Math.round((Y_TOP - y) * SCALE * 2) / 2];
}

/**
 * A ring that crosses the antimeridian (Russia's Chukotka, Fiji) would streak across the whole
 * map: its western points are moved east and the overhang is flattened onto the map's edge.
 */
function unwrap(ring: number[][]): number[][] {
  const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180);
  return crosses ? ring.map(([lon, lat]) => [Math.min(180, lon! < 0 ? lon! + 360 : lon!), lat!]) : ring;
}

/** One ring as a compact path: absolute move, then relative lines (shorter strings). */
function ringPath(ring: number[][]): string {
  let out = '';
  let lines = 0;
  let px = 0, py = 0;
  for (const [lon, lat] of unwrap(ring)) {
    const [x, y] = toView(lon!, lat!);
    if (out === '') out = `M${x} ${y}l`;
    else if (x !== px || y !== py) (out += `${fmt(x - px)} ${fmt(y - py)} `), lines++;
    else continue;
    px = x; py = y;
  }
  // Islands smaller than the map's precision vanish rather than become invalid paths.
  return lines >= 2 ? out.trimEnd() + 'z' : '';
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

export function worldPaths(): [string, string][] {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology;
  const fc = feature(topo, topo.objects.countries as GeometryCollection<{ name: string }>);
  const out: [string, string][] = [];
  for (const f of fc.features) {
    const name = f.properties?.name ?? '';
    const id = f.id !== undefined ? ISO_NUMERIC_TO_ALPHA2[String(f.id)] : NAMELESS_IDS[name];
    if (!id || id === 'AQ' || !f.geometry) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
    const d = polygons.flatMap((p) => p.map(ringPath)).join('');
    if (d) out.push([id, d]);
  }
  return out;
}

export function worldMapPlugin(): Plugin {
  return {
    name: 'inkling-world-map',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const body = JSON.stringify(worldPaths());
      return `export const width = ${MAP_WIDTH};\nexport const height = ${MAP_HEIGHT};\nexport const countries = JSON.parse(${JSON.stringify(body)});\n`;
    },
  };
}
