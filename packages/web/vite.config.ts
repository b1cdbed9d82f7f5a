import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
/** Cesium's prebuilt, self-contained ES module and its static assets (workers, imagery, widgets CSS). */
const cesiumBuild = join(dirname(createRequire(import.meta.url).resolve('cesium/package.json')), 'Build', 'Cesium');
const CESIUM_PARTS = ['index.js', 'Workers', 'Assets', 'ThirdParty', 'Widgets'];

/**
 * Copies Cesium's Build/Cesium into dist/cesium so that the page works offline: the page loads
 * Cesium through an import map (index.html) instead of bundling it, which keeps `vite build` to a
 * second or two, and CESIUM_BASE_URL points Cesium's workers and assets at the same folder.
 */
function copyCesium(): Plugin {
  let outDir = '';
  return {
    name: 'golden-dome-copy-cesium',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const part of CESIUM_PARTS) {
        const from = join(cesiumBuild, part);
        if (!existsSync(from)) throw new Error(`cesium build is missing ${from}: is the cesium package installed (npm ci)?`);
        cpSync(from, join(outDir, 'cesium', part), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [copyCesium()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Cesium comes from dist/cesium/index.js through the page's import map
    rollupOptions: { external: ['cesium'] },
  },
});
