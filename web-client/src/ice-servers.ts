/**
 * ICE servers for WebRTC. None by default: on a LAN (a classroom, one's own devices) host candidates
 * are enough, and nothing should reach for the internet. Beyond a LAN, add STUN/TURN with the page's
 * `?ice=` parameter, a comma-separated list of URLs: `?ice=stun:stun.example.org:3478`.
 */
export function iceServersFrom(search: string): RTCIceServer[] {
  const raw = new URLSearchParams(search).get('ice');
  if (!raw) return [];
  return raw
    .split(',')
    .map((u) => u.trim())
    .filter((u) => /^(stun|turns?):/.test(u))
    .map((urls) => ({ urls }));
}
