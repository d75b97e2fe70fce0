import { HttpStatus } from '@nestjs/common';

/**
 * Named database constraints whose violation has a message more useful than the generic one for its error
 * code. The constraint decides (no check-then-insert); this only words the answer.
 */
export const CONSTRAINT_PROBLEMS: Record<string, { status: HttpStatus; slug: string; detail: string }> = {
  UQ_staff_email_lower: {
    status: HttpStatus.CONFLICT,
    slug: 'email-taken',
    detail: 'A staff member with this e-mail address already exists',
  },
  UQ_applications_staff_cohort: {
    status: HttpStatus.CONFLICT,
    slug: 'application-exists',
    detail: 'This staff member already has an application in this cohort',
  },
  UQ_reviews_application_reviewer: {
    status: HttpStatus.CONFLICT,
    slug: 'review-exists',
    detail: 'You have already reviewed this application; change your review instead',
  },
  UQ_cohorts_name: { status: HttpStatus.CONFLICT, slug: 'duplicate', detail: 'A cohort with this name already exists' },
};
