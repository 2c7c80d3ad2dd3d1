// Who may watch what: "user:<id>" only that user (or an admin); "lot:<id>" any signed-in user while
// the lot exists, because lot events carry only public facts (free bays), never who booked.
export interface LiveUser {
  id: string;
  role: string;
}

export interface LivePolicyDeps {
  lotExists(lotId: string): Promise<boolean>;
}

export type TopicCheck = { ok: true; topics: string[] } | { ok: false; denied: string[] };

export async function resolveTopics(user: LiveUser, requested: readonly string[], deps: LivePolicyDeps): Promise<TopicCheck> {
  const topics = [...new Set(requested.map((t) => (t === 'user:me' ? `user:${user.id}` : t.toLowerCase())))];
  const denied: string[] = [];
  for (const topic of topics) {
    const [kind, id = ''] = topic.split(':');
    const allowed = kind === 'user' ? id === user.id.toLowerCase() || user.role === 'admin' : await deps.lotExists(id);
    if (!allowed) denied.push(topic);
  }
  return denied.length ? { ok: false, denied } : { ok: true, topics };
}

export const userTopic = (userId: string): string => `user:${userId.toLowerCase()}`;
export const lotTopic = (lotId: string): string => `lot:${lotId.toLowerCase()}`;
