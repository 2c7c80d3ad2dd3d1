// Geocoding with the Google Geocoding API when GOOGLE_MAPS_API_KEY is set: a lot created with an address
// and no coordinates gets them from its address. Without a key, coordinates stay required (the lot schema
// refuses their absence with 400).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors';

export interface Geocoder {
  /** The address's coordinates, or null when the address is not known. Throws on provider failure. */
  locate(address: string): Promise<{ latitude: number; longitude: number } | null>;
}

export function googleGeocoder(apiKey: string, baseUrl = 'https://maps.googleapis.com', timeoutMs = 5000): Geocoder {
  return {
    async locate(address) {
      const url = `${baseUrl.replace(/\/$/, '')}/maps/api/geocode/json?${new URLSearchParams({ address, key: apiKey })}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`geocoding answered ${res.status}`);
      const body = (await res.json()) as { status: string; results?: Array<{ geometry?: { location?: { lat: number; lng: number } } }> };
      if (body.status === 'ZERO_RESULTS') return null;
      const loc = body.results?.[0]?.geometry?.location;
      if (body.status !== 'OK' || !loc) throw new Error(`geocoding status ${body.status}`);
      return { latitude: loc.lat, longitude: loc.lng };
    },
  };
}

/** Fills latitude/longitude of POST /api/spots from the address before validation (root hook, before routes). */
export function geocodeNewLots(app: FastifyInstance, geocoder: Geocoder): void {
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/api/spots') return;
    const body = request.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    if (body.latitude !== undefined || body.longitude !== undefined || typeof body.address !== 'string') return;
    const address = body.address.trim();
    if (address.length < 3 || address.length > 500) return;
    let found;
    try {
      found = await geocoder.locate(address);
    } catch (err) {
      request.log.warn({ err }, 'geocoding failed');
      throw new ApiError(502, 'geocoding_failed', 'the address could not be looked up; send latitude and longitude');
    }
    if (!found) throw new ApiError(400, 'address_not_found', 'no place found for that address; send latitude and longitude');
    body.latitude = found.latitude;
    body.longitude = found.longitude;
  });
}
