// A local server speaking the Google Geocoding API (GET /maps/api/geocode/json?address=...&key=...),
// answering from a small table of known addresses with Google's response shape and status codes.
import { json, startHttpFake, type RunningFake } from './http';

export interface KnownPlace {
  address: string;
  lat: number;
  lng: number;
}

export interface FakeGeocoder extends RunningFake {
  apiKey: string;
  /** Addresses asked for, in order. */
  queries: string[];
}

const normalize = (s: string): string => s.toLowerCase().replace(/[\s,]+/g, ' ').trim();

export async function startFakeGeocoder(places: KnownPlace[], apiKey = 'fake-maps-key'): Promise<FakeGeocoder> {
  const queries: string[] = [];
  const byAddress = new Map(places.map((p) => [normalize(p.address), p]));
  const server = await startHttpFake((req) => {
    if (req.method !== 'GET' || req.url.pathname !== '/maps/api/geocode/json') return json(404, { error: 'not found' });
    const address = req.url.searchParams.get('address');
    if (req.url.searchParams.get('key') !== apiKey) {
      return json(200, { results: [], status: 'REQUEST_DENIED', error_message: 'The provided API key is invalid.' });
    }
    if (!address) return json(200, { results: [], status: 'INVALID_REQUEST' });
    queries.push(address);
    const place = byAddress.get(normalize(address));
    if (!place) return json(200, { results: [], status: 'ZERO_RESULTS' });
    return json(200, {
      status: 'OK',
      results: [
        {
          formatted_address: place.address,
          geometry: { location: { lat: place.lat, lng: place.lng }, location_type: 'ROOFTOP' },
          place_id: `fake-${normalize(place.address).replace(/ /g, '-')}`,
          types: ['street_address'],
        },
      ],
    });
  });
  return { ...server, apiKey, queries };
}
