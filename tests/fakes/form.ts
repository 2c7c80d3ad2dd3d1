// Decodes Stripe's request encoding (x-www-form-urlencoded with qs-style brackets:
// metadata[booking_id]=..., payment_method_types[0]=card) into nested plain values.
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = splitKey(rawKey);
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: FormObject = {};
        node[part] = created;
        node = created;
      }
    });
  }
  return root;
}

function splitKey(key: string): string[] {
  const head = key.split('[', 1)[0] ?? key;
  const rest = [...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  return [head, ...rest];
}

export function str(form: FormObject, key: string): string | undefined {
  const v = form[key];
  return typeof v === 'string' ? v : undefined;
}

/** Flat string map (Stripe metadata is always string → string). */
export function strings(form: FormObject, key: string): Record<string, string> {
  const v = form[key];
  const out: Record<string, string> = {};
  if (typeof v === 'object') for (const [k, inner] of Object.entries(v)) if (typeof inner === 'string') out[k] = inner;
  return out;
}
