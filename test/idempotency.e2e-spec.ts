import { randomUUID } from 'node:crypto';
import { aCohort, anOrganisation, aStaffMember } from './support/builders';
import { as, PROBLEM } from './support/http';
import { TestApp } from './support/test-app';

/** A valid organisation body with a name no other test uses. */
const organisationBody = (name = `Idempotent NGO ${randomUUID()}`) => ({
  name,
  type: 'ngo',
  region: 'CN',
  country: 'CN',
  city: 'Kunming',
  latitude: 25.0389,
  longitude: 102.7183,
  thematicAreas: ['water_resources', 'climate_change'],
  workingLanguages: ['zh', 'en'],
  hostingCapacity: 2,
  contactEmail: 'office@kunming-ngo.example',
  website: null,
});

describe('Idempotency-Key on creating POSTs (HTTP)', () => {
  let app: TestApp;
  let coordinator: { token: string; userId: string };

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.signIn('coordinator');
  });

  afterAll(() => app.close());

  const createOrganisation = (token: string, key: string | undefined, body: object) => {
    const request = app.http().post('/api/v1/organisations').set(as(token));
    if (key !== undefined) request.set('Idempotency-Key', key);
    return request.send(body);
  };

  const organisationsNamed = async (name: string) =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM organisations WHERE name = $1`, [name]))[0].n as number;

  const storedKeys = async (key: string) =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]))[0]
      .n as number;

  it('answers the same key and body twice with the same 201 answer, marked as replayed, and creates one row', async () => {
    const key = randomUUID();
    const body = organisationBody();
    const first = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.body.id).toBe(first.body.id);
    expect(await organisationsNamed(body.name)).toBe(1);
  });

  it('answers 422 idempotency-key-reused when the same key comes with another body, and creates nothing', async () => {
    const key = randomUUID();
    const body = organisationBody();
    await createOrganisation(coordinator.token, key, body).expect(201);
    const response = await createOrganisation(coordinator.token, key, { ...body, hostingCapacity: 3 }).expect(422);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(await organisationsNamed(body.name)).toBe(1);
    expect(
      (await app.dataSource.query(`SELECT hosting_capacity FROM organisations WHERE name = $1`, [body.name]))[0]
        .hosting_capacity,
    ).toBe(2);
  });

  it('answers 422 when the same key is used for another route, and creates nothing there', async () => {
    const key = randomUUID();
    await createOrganisation(coordinator.token, key, organisationBody()).expect(201);
    const name = `Cohort ${randomUUID()}`;
    const response = await app
      .http()
      .post('/api/v1/cohorts')
      .set(as(coordinator.token))
      .set('Idempotency-Key', key)
      .send({ name, applicationOpensOn: '2027-01-15', applicationClosesOn: '2027-03-31' })
      .expect(422);
    expect(response.body).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(await app.dataSource.query(`SELECT id FROM cohorts WHERE name = $1`, [name])).toEqual([]);
  });

  it('treats a body with its keys in another order as the same body', async () => {
    const key = randomUUID();
    const body = organisationBody();
    const first = await createOrganisation(coordinator.token, key, body).expect(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(Object.keys(reordered)).not.toEqual(Object.keys(body));
    const second = await createOrganisation(coordinator.token, key, reordered).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(await organisationsNamed(body.name)).toBe(1);
  });

  it('keeps keys per user: the same key from another user is a new request', async () => {
    const key = randomUUID();
    const body = organisationBody();
    const other = await app.signIn('coordinator');
    const mine = await createOrganisation(coordinator.token, key, body).expect(201);
    const theirs = await createOrganisation(other.token, key, body).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await organisationsNamed(body.name)).toBe(2);
  });

  it('does not keep the key of a failed request: a retry with the same key and a fixed body creates the row', async () => {
    const key = randomUUID();
    const body = organisationBody();
    const failed = await createOrganisation(coordinator.token, key, { ...body, hostingCapacity: -1 }).expect(400);
    expect(failed.body).toMatchObject({
      type: '/problems/validation',
      status: 400,
      errors: [{ field: 'hostingCapacity' }],
    });
    expect(await storedKeys(key)).toBe(0);

    const retried = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body).toMatchObject({ name: body.name, hostingCapacity: 2 });
    expect(await organisationsNamed(body.name)).toBe(1);
    expect(await storedKeys(key)).toBe(1);
  });

  it.each([
    ['an empty key', ''],
    ['a key of 300 characters', 'k'.repeat(300)],
    ['a key with a space', 'not a key'],
  ])('answers 400 naming Idempotency-Key to %s, and creates nothing', async (_label, key) => {
    const body = organisationBody();
    const response = await createOrganisation(coordinator.token, key, body).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({
      type: '/problems/validation',
      status: 400,
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await organisationsNamed(body.name)).toBe(0);
  });

  it('accepts a key of 255 characters', async () => {
    const key = `${randomUUID()}${'k'.repeat(219)}`;
    expect(key).toHaveLength(255);
    const body = organisationBody();
    const first = await createOrganisation(coordinator.token, key, body).expect(201);
    const second = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await organisationsNamed(body.name)).toBe(1);
  });

  it('replays an application created by a participant: the same application and one row', async () => {
    const cohort = await aCohort(app, { status: 'open' });
    const organisation = await anOrganisation(app, { region: 'EU' });
    const host = await anOrganisation(app, { region: 'CN' });
    const participant = await app.signIn('participant');
    const staff = await aStaffMember(app, { organisationId: organisation.id, userId: participant.userId });
    const key = randomUUID();
    const body = {
      cohortId: cohort.id,
      kind: 'single',
      availableFrom: '2027-08-01',
      availableTo: '2027-09-30',
      preferredHostIds: [host.id],
      motivation: 'To learn how wetland monitoring is run with volunteers.',
      workPlan: 'Three weeks in the field, one week writing up.',
    };
    const send = () =>
      app.http().post('/api/v1/applications').set(as(participant.token)).set('Idempotency-Key', key).send(body);

    const first = await send().expect(201);
    expect(first.body).toMatchObject({ cohortId: cohort.id, applicant: { id: staff.id }, status: 'submitted' });
    const second = await send().expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const rows = await app.dataSource.query(`SELECT id FROM applications WHERE staff_id = $1`, [staff.id]);
    expect(rows).toEqual([{ id: first.body.id }]);

    // Without the key the same request is a new one, and the database refuses the duplicate.
    const duplicate = await app.http().post('/api/v1/applications').set(as(participant.token)).send(body).expect(409);
    expect(duplicate.body).toMatchObject({ type: '/problems/application-exists', status: 409 });
  });

  it('lets an expired key be used again: the request is handled anew and creates a new row', async () => {
    const key = randomUUID();
    const body = organisationBody();
    const first = await createOrganisation(coordinator.token, key, body).expect(201);
    await app.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND key = $2`,
      [coordinator.userId, key],
    );
    const second = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(await organisationsNamed(body.name)).toBe(2);

    // The renewed key now replays the second answer.
    const third = await createOrganisation(coordinator.token, key, body).expect(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body.id).toBe(second.body.id);
    expect(await organisationsNamed(body.name)).toBe(2);
  });

  it('never creates two rows from two concurrent requests with the same key and body', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = organisationBody();
      const answers = await Promise.all([
        createOrganisation(coordinator.token, key, body),
        createOrganisation(coordinator.token, key, body),
      ]);
      const originals = answers.filter(
        (answer) => answer.status === 201 && answer.headers['idempotent-replayed'] === undefined,
      );
      expect(originals).toHaveLength(1);
      const [original] = originals;
      const other = answers.find((answer) => answer !== original)!;
      if (other.status === 201) {
        expect(other.headers['idempotent-replayed']).toBe('true');
        expect(other.body.id).toBe(original.body.id);
      } else {
        expect(other.status).toBe(409);
        expect(other.headers['content-type']).toMatch(PROBLEM);
        expect(other.body).toMatchObject({ type: '/problems/idempotency-key-in-use', status: 409 });
      }
      expect(await organisationsNamed(body.name)).toBe(1);
    }
  });

  it('leaves requests without the header alone: the same body twice makes two rows', async () => {
    const body = organisationBody();
    const first = await createOrganisation(coordinator.token, undefined, body).expect(201);
    const second = await createOrganisation(coordinator.token, undefined, body).expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(await organisationsNamed(body.name)).toBe(2);
  });
});
