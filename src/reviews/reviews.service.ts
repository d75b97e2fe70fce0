import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { involvedOrganisations } from '../applications/application-rules';
import { ApplicationsService } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { forbidden, notFound, ruleBroken } from '../common/http/problem.exception';
import { Cohort } from '../cohorts/cohort.entity';
import { User } from '../users/user.entity';
import { CreateReviewDto, UpdateReviewDto } from './dto/review.dto';
import { Review } from './review.entity';

@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditService,
  ) {}

  /** Coordinators read every review of an application; a reviewer only their own. */
  async listForApplication(applicationId: string, viewer: Viewer): Promise<Review[]> {
    await this.applications.get(applicationId, viewer);
    const where: FindOptionsWhere<Review> = seesEverything(viewer)
      ? { applicationId }
      : { applicationId, reviewerId: viewer.id };
    return this.dataSource
      .getRepository(Review)
      .find({ where, relations: { reviewer: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(applicationId: string, input: CreateReviewDto, viewer: Viewer): Promise<Review> {
    const { application } = await this.applications.get(applicationId, viewer);
    const id = await this.dataSource.transaction(async (tx) => {
      await this.checkMayReview(applicationId, viewer, tx);
      const repository = tx.getRepository(Review);
      const review = repository.create({
        ...input,
        comment: input.comment ?? '',
        applicationId,
        reviewerId: viewer.id,
      });
      // One review per reviewer and application: the unique index answers a second one with 409.
      await repository.insert(review);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'review.created',
          entityType: 'review',
          entityId: review.id,
          changes: changedFields(null, { applicationId: application.id }),
        },
        tx,
      );
      return review.id;
    });
    return this.get(id);
  }

  async update(id: string, changes: UpdateReviewDto, viewer: Viewer): Promise<Review> {
    await this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(Review);
      const review = await repository.findOne({
        where: { id, reviewerId: viewer.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!review) throw notFound('Review');
      await this.checkMayReview(review.applicationId, viewer, tx);
      const diff = applyChanges(review, changes);
      await repository.save(review);
      await this.audit.record(
        { actorId: viewer.id, action: 'review.updated', entityType: 'review', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id);
  }

  private async get(id: string): Promise<Review> {
    return this.dataSource.getRepository(Review).findOneOrFail({ where: { id }, relations: { reviewer: true } });
  }

  /**
   * Reviews are written while the committee sits (cohort open or matching), on applications not withdrawn,
   * and never by someone whose own organisation is involved: the applicant's, the partner or a preferred host.
   */
  private async checkMayReview(applicationId: string, viewer: Viewer, tx: EntityManager): Promise<void> {
    const { application } = await this.applications.get(applicationId, viewer);
    // Shared lock: the cohort cannot move on while this review is written.
    const cohort = await tx
      .getRepository(Cohort)
      .findOneOrFail({ where: { id: application.cohortId }, lock: { mode: 'pessimistic_read' } });
    if (!['open', 'matching'].includes(cohort.status)) {
      throw ruleBroken(
        'review-closed',
        `Reviews are written while the cohort is open or matching; it is ${cohort.status}`,
      );
    }
    if (application.status === 'withdrawn') {
      throw ruleBroken('application-withdrawn', 'A withdrawn application is not reviewed');
    }
    const reviewer = await tx.getRepository(User).findOneByOrFail({ id: viewer.id });
    if (application.staff!.userId === reviewer.id) {
      throw forbidden('conflict-of-interest', 'You cannot review your own application');
    }
    const involved = involvedOrganisations({ ...application, staffOrganisationId: application.staff!.organisationId });
    if (reviewer.organisationId && involved.includes(reviewer.organisationId)) {
      throw forbidden(
        'conflict-of-interest',
        'Your own organisation is involved in this application (applicant, partner or preferred host)',
      );
    }
  }
}
