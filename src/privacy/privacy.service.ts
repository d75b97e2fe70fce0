import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { likePattern } from '../common/validation/query-values';
import { StaffService } from '../staff/staff.service';

export const ERASED_NAME = 'Erased person';
const ERASED_TEXT = '[erased]';
const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

/**
 * The data-subject rights of staff (GDPR arts. 15 and 17): everything held about a person, and its erasure.
 * It reads across modules' tables on purpose: a person's data is wherever the programme put it.
 */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  async export(staffId: string, viewer: Viewer): Promise<Record<string, unknown>> {
    const staff = await this.staff.get(staffId, viewer);
    const query = <T>(sql: string, parameters: unknown[]) => this.dataSource.query<T[]>(sql, parameters);
    const [account] = staff.userId
      ? await query(
          `SELECT id, email, display_name AS "displayName", role, time_zone AS "timeZone", locale,
                  created_at AS "createdAt", last_login_at AS "lastLoginAt"
             FROM users WHERE id = $1`,
          [staff.userId],
        )
      : [null];
    const consents = await query(
      `SELECT purpose, granted, text_version AS "textVersion", recorded_at AS "recordedAt"
         FROM consent_records WHERE staff_id = $1 ORDER BY recorded_at, id`,
      [staffId],
    );
    const applications = await query<{ id: string }>(
      `SELECT id, cohort_id AS "cohortId", kind, partner_organisation_id AS "partnerOrganisationId",
              exchange_topic AS "exchangeTopic", available_from::text AS "availableFrom",
              available_to::text AS "availableTo", preferred_host_ids AS "preferredHostIds", motivation,
              work_plan AS "workPlan", status, created_at AS "createdAt"
         FROM applications WHERE staff_id = $1 ORDER BY created_at, id`,
      [staffId],
    );
    // The committee's assessments go to those handling the request; §4 keeps them from the applicant.
    const reviews = seesEverything(viewer)
      ? await query(
          `SELECT application_id AS "applicationId", organisational_compatibility AS "organisationalCompatibility",
                  work_plan_quality AS "workPlanQuality", applicant_experience AS "applicantExperience", comment
             FROM reviews WHERE application_id = ANY($1) ORDER BY created_at, id`,
          [applications.map((application) => application.id)],
        )
      : undefined;
    const auditEvents = await query(
      `SELECT action, entity_type AS "entityType", entity_id AS "entityId", changes, occurred_at AS "occurredAt"
         FROM audit_events WHERE entity_id = ANY($1) ORDER BY occurred_at, id`,
      [[staffId, ...(staff.userId ? [staff.userId] : []), ...applications.map((application) => application.id)]],
    );
    const { organisation, ...profile } = staff;
    return {
      exportedAt: new Date().toISOString(),
      profile: { ...profile, organisation: { id: organisation!.id, name: organisation!.name } },
      account: account ?? null,
      consents,
      applications,
      ...(reviews && { reviews }),
      auditEvents,
    };
  }

  /**
   * Replaces the person's personal fields with placeholders wherever they are held, in one transaction. Rows
   * stay (with their ids, statuses, dates and thematic data), so every count and aggregate is unchanged.
   */
  async erase(staffId: string, actorId: string): Promise<void> {
    const staff = await this.staff.get(staffId, { id: actorId, role: 'admin' });
    await this.dataSource.transaction(async (tx) => {
      const emails = [staff.email.toLowerCase()];
      if (staff.userId) {
        const [user] = await tx.query<Array<{ email: string }>>(`SELECT email FROM users WHERE id = $1`, [
          staff.userId,
        ]);
        if (user) emails.push(user.email);
        await tx.query(
          `UPDATE users SET email = $2, display_name = $3, password_hash = NULL, active = false,
                  webhook_url = NULL, webhook_secret = NULL WHERE id = $1`,
          [staff.userId, erasedEmail(staff.userId), ERASED_NAME],
        );
        await tx.query(`DELETE FROM refresh_tokens WHERE user_id = $1`, [staff.userId]);
      }
      await tx.query(
        `UPDATE staff SET full_name = $2, email = $3, gender = 'undisclosed', job_title = NULL,
                years_of_experience = NULL, erased_at = now()
          WHERE id = $1`,
        [staffId, ERASED_NAME, erasedEmail(staffId)],
      );
      // For UPDATE … RETURNING the driver answers [rows, affected].
      const [applications]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE applications SET motivation = $2, work_plan = $2 WHERE staff_id = $1 RETURNING id`,
        [staffId, ERASED_TEXT],
      );
      const applicationIds = applications.map((application) => application.id);
      const [reviews]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE reviews SET comment = $2 WHERE application_id = ANY($1) RETURNING id`,
        [applicationIds, ERASED_TEXT],
      );
      // Named as the contact of someone else's joint application.
      await tx.query(
        `UPDATE applications SET partner_contact_name = NULL, partner_contact_email = NULL
          WHERE lower(partner_contact_email) = ANY($1)`,
        [emails],
      );
      const [invitations]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE invitations SET email = 'erased-' || id || '@erased.invalid', display_name = $2
          WHERE email = ANY($1) OR staff_id = $3 RETURNING id`,
        [emails, ERASED_NAME, staffId],
      );
      // Their own inbox and mail go; others' notifications keep the news but no longer the name.
      await tx.query(`DELETE FROM notifications WHERE recipient_user_id = $1 OR lower(recipient_email) = ANY($2)`, [
        staff.userId,
        emails,
      ]);
      await tx.query(
        `UPDATE notifications SET title = replace(title, $1, $2), body = replace(body, $1, $2)
          WHERE title LIKE $3 OR body LIKE $3`,
        [staff.fullName, ERASED_NAME, likePattern(staff.fullName)],
      );
      // Stored answers of idempotent requests may hold the person's data; a replay must not bring it back.
      await tx.query(`DELETE FROM idempotency_keys WHERE response_body::text ILIKE ANY($1)`, [
        [staffId, ...applicationIds, ...emails].map(likePattern),
      ]);
      // The trail keeps which fields changed and when, but no longer their values.
      await tx.query(
        `UPDATE audit_events
            SET changes = COALESCE((SELECT jsonb_object_agg(key, to_jsonb($2::text)) FROM jsonb_object_keys(changes) key), '{}')
          WHERE entity_id = ANY($1)`,
        [
          [
            staffId,
            ...(staff.userId ? [staff.userId] : []),
            ...applicationIds,
            ...reviews.map((review) => review.id),
            ...invitations.map((invitation) => invitation.id),
          ],
          ERASED_TEXT,
        ],
      );
      await this.audit.record({ actorId, action: 'staff.erased', entityType: 'staff', entityId: staffId }, tx);
    });
  }
}
