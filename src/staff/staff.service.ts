import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { conflict, forbidden, notFound, unknownReference } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { likePattern } from '../common/validation/query-values';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { normaliseEmail } from '../users/users.service';
import { ConsentRecord } from './consent-record.entity';
import { CreateStaffMemberDto } from './dto/create-staff-member.dto';
import { RecordConsentDto } from './dto/record-consent.dto';
import { StaffListQuery } from './dto/staff-list.query';
import { PARTICIPANT_EDITABLE_FIELDS, UpdateStaffMemberDto } from './dto/update-staff-member.dto';
import { StaffMember } from './staff-member.entity';

@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Who sees which profile (§4), as SQL: reviewers the applicants of their cohorts, participants their own,
   * funders none.
   */
  private visibleTo(builder: SelectQueryBuilder<StaffMember>, viewer: Viewer): SelectQueryBuilder<StaffMember> {
    if (seesEverything(viewer)) return builder;
    if (viewer.role === 'reviewer') {
      return builder.andWhere(
        `staff.id IN (SELECT application.staff_id FROM applications application
                        JOIN cohort_reviewers assigned ON assigned.cohort_id = application.cohort_id
                       WHERE assigned.user_id = :viewerId)`,
        { viewerId: viewer.id },
      );
    }
    if (viewer.role === 'participant') return builder.andWhere('staff.userId = :viewerId', { viewerId: viewer.id });
    return builder.andWhere('false');
  }

  private query(manager: EntityManager = this.staff.manager): SelectQueryBuilder<StaffMember> {
    return manager
      .getRepository(StaffMember)
      .createQueryBuilder('staff')
      .innerJoinAndSelect('staff.organisation', 'organisation');
  }

  async get(id: string, viewer: Viewer): Promise<StaffMember> {
    const staff = await this.visibleTo(this.query().where('staff.id = :id', { id }), viewer).getOne();
    if (!staff) throw notFound('Staff member');
    return staff;
  }

  async getOwn(userId: string): Promise<StaffMember> {
    const staff = await this.findByUser(userId);
    if (!staff) throw notFound('A staff profile linked to this account');
    return staff;
  }

  /** The profile linked to a participant's account, if any. */
  findByUser(userId: string, manager?: EntityManager): Promise<StaffMember | null> {
    return this.query(manager).where('staff.userId = :userId', { userId }).getOne();
  }

  async list(query: StaffListQuery, viewer: Viewer): Promise<Page<StaffMember>> {
    const { field, direction } = parseSort(query.sort, 'fullName');
    const builder = this.visibleTo(this.query(), viewer);
    if (query.organisationId) {
      builder.andWhere('staff.organisationId = :organisationId', { organisationId: query.organisationId });
    }
    if (query.region) builder.andWhere('organisation.region = :region', { region: query.region });
    if (query.expertise) builder.andWhere(':expertise = ANY(staff.expertise)', { expertise: query.expertise });
    if (query.language) {
      builder.andWhere('staff.languages @> :language::jsonb', { language: JSON.stringify([{ code: query.language }]) });
    }
    if (query.search) {
      builder.andWhere("staff.fullName ILIKE :search ESCAPE '\\'", { search: likePattern(query.search) });
    }
    const [items, total] = await builder
      .orderBy(`staff.${field}`, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('staff.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async create(input: CreateStaffMemberDto, actorId: string): Promise<StaffMember> {
    const id = await this.dataSource.transaction(async (tx) => {
      await this.checkReferences(input, tx);
      const repository = tx.getRepository(StaffMember);
      const staff = repository.create({
        ...input,
        fullName: input.fullName.trim(),
        email: normaliseEmail(input.email),
        userId: input.userId ?? null,
      });
      await repository.insert(staff);
      await this.audit.record(
        {
          actorId,
          action: 'staff.created',
          entityType: 'staff',
          entityId: staff.id,
          changes: changedFields(null, { organisationId: staff.organisationId, userId: staff.userId }),
        },
        tx,
      );
      return staff.id;
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  /** Participants may change only the limited fields of their own profile; coordinators every field. */
  async update(id: string, changes: UpdateStaffMemberDto, viewer: Viewer): Promise<StaffMember> {
    await this.get(id, viewer);
    if (!seesEverything(viewer)) {
      const notTheirs = Object.keys(changes).filter(
        (field) => !PARTICIPANT_EDITABLE_FIELDS.includes(field as keyof UpdateStaffMemberDto),
      );
      if (notTheirs.length) {
        throw forbidden('field-not-yours', `Participants may change only ${PARTICIPANT_EDITABLE_FIELDS.join(', ')}`, {
          errors: notTheirs.map((field) => ({ field, message: `${field} can be changed by a coordinator only` })),
        });
      }
    }
    await this.dataSource.transaction(async (tx) => {
      await this.checkReferences(changes, tx);
      const repository = tx.getRepository(StaffMember);
      const staff = await repository.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      // Moving a profile from one account to another silently would hand the person's data to someone else.
      if (changes.userId && staff.userId && changes.userId !== staff.userId) {
        throw conflict(
          'staff-already-linked',
          'This profile is linked to another account; unlink it first (userId: null)',
        );
      }
      const diff = applyChanges(staff, {
        ...changes,
        ...(changes.email && { email: normaliseEmail(changes.email) }),
        ...(changes.fullName && { fullName: changes.fullName.trim() }),
      });
      await repository.save(staff);
      await this.audit.record(
        { actorId: viewer.id, action: 'staff.updated', entityType: 'staff', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  /** Links a participant account to a profile that has none yet (used when an invitation is accepted). */
  async linkAccount(staffId: string, userId: string, tx: EntityManager): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(StaffMember)
      .set({ userId })
      .where('id = :staffId AND user_id IS NULL', { staffId })
      .execute();
    return Boolean(result.affected);
  }

  private async checkReferences(input: { organisationId?: string; userId?: string | null }, tx: EntityManager) {
    if (input.organisationId && !(await tx.getRepository(Organisation).existsBy({ id: input.organisationId }))) {
      throw unknownReference('organisationId', 'Organisation');
    }
    if (input.userId && !(await tx.getRepository(User).existsBy({ id: input.userId, role: 'participant' }))) {
      throw unknownReference('userId', 'Participant account');
    }
  }

  async consents(staffId: string, viewer: Viewer): Promise<{ current: ConsentRecord[]; history: ConsentRecord[] }> {
    await this.get(staffId, viewer);
    const history = await this.dataSource
      .getRepository(ConsentRecord)
      .find({ where: { staffId }, order: { recordedAt: 'DESC', id: 'DESC' } });
    // Newest first, so the first record of each purpose is the one in force.
    const current = history.filter(
      (record, index) => history.findIndex((other) => other.purpose === record.purpose) === index,
    );
    return { current, history };
  }

  async recordConsent(staffId: string, input: RecordConsentDto, viewer: Viewer): Promise<ConsentRecord> {
    await this.get(staffId, viewer);
    return this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(ConsentRecord);
      const record = repository.create({ ...input, staffId, recordedById: viewer.id });
      await repository.insert(record);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: input.granted ? 'consent.granted' : 'consent.withdrawn',
          entityType: 'staff',
          entityId: staffId,
          changes: {
            [input.purpose]: { before: null, after: { granted: input.granted, textVersion: input.textVersion } },
          },
        },
        tx,
      );
      return record;
    });
  }
}
