/**
 * The client messages of the WebSocket protocol: the one schema shared with the web picture lives in
 * core (`@golden-dome/core/protocol`, docs/websocket-protocol.md); this module re-exports what the
 * server's session reads.
 */
export { ClientMessage, MAX_CLIENT_MESSAGE_BYTES, MAX_SPEED, MIN_SPEED, parseClientMessage } from '@golden-dome/core/protocol';
