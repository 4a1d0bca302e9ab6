/** A user of the deployed app through the port-forward: sign up/in, tasks (REST). */
export class AppUser {
  cookie = '';
  constructor(
    readonly base: string,
    readonly email: string,
    readonly password: string,
  ) {}

  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        origin: this.base,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, res };
  }

  async signUp(): Promise<void> {
    const r = await this.call('POST', '/api/auth/sign-up/email', {
      email: this.email,
      password: this.password,
      name: 'e2e',
    });
    if (r.status !== 200) throw new Error(`sign-up: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  }

  async signIn(): Promise<void> {
    const r = await this.call('POST', '/api/auth/sign-in/email', {
      email: this.email,
      password: this.password,
    });
    if (r.status !== 200) throw new Error(`sign-in: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    this.cookie = r.res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  async createTask(title: string): Promise<number> {
    const r = await this.call('POST', '/api/tasks', { title });
    if (r.status !== 201) throw new Error(`create task: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    return (r.json as { id: number }).id;
  }

  async taskTitles(): Promise<string[]> {
    const r = await this.call('GET', '/api/tasks');
    if (r.status !== 200) throw new Error(`list tasks: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    return ((r.json as { items: { title: string }[] }).items ?? []).map((t) => t.title);
  }
}
