import { buildModuleUrl, ImageryLayer, TileMapServiceImageryProvider, Viewer } from 'cesium';

/**
 * The Cesium globe, offline: imagery from Cesium's bundled Natural Earth II tiles (no ion token, no
 * external request), no terrain, no geocoder or base-layer picker, and Cesium's own animation and
 * timeline widgets off (the page's timeline drives the server's clock instead).
 */
export async function createGlobe(container: HTMLElement): Promise<Viewer> {
  const imagery = await TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII'));
  const viewer = new Viewer(container, {
    baseLayer: new ImageryLayer(imagery),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    fullscreenButton: false,
    animation: false,
    timeline: false,
    infoBox: false,
    selectionIndicator: true,
  });
  viewer.scene.globe.enableLighting = false;
  viewer.scene.screenSpaceCameraController.enableCollisionDetection = false;
  return viewer;
}
