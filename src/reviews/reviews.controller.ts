import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { CreateReviewDto, ReviewResponse, UpdateReviewDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get('applications/:id/reviews')
  @Roles('admin', 'coordinator', 'reviewer')
  @ApiOperation({ summary: "An application's reviews: all for coordinators, a reviewer's own for reviewers" })
  @ApiOkResponse({ type: [ReviewResponse] })
  async list(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return (await this.reviews.listForApplication(id, viewer)).map(ReviewResponse.from);
  }

  @Post('applications/:id/reviews')
  @Roles('admin', 'coordinator', 'reviewer')
  @Idempotent()
  @ApiOperation({ summary: 'Score an application (one review per reviewer; change it with PATCH)' })
  @ApiCreatedResponse({ type: ReviewResponse })
  @ApiForbiddenResponse({ type: ProblemResponse, description: 'Conflict of interest, with the reason' })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Already reviewed by the caller' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Cohort past review; application withdrawn' })
  async create(@UuidParam() id: string, @Body() body: CreateReviewDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ReviewResponse.from(await this.reviews.create(id, body, viewer));
  }

  @Patch('reviews/:id')
  @Roles('admin', 'coordinator', 'reviewer')
  @ApiOperation({ summary: 'Change your own review' })
  @ApiOkResponse({ type: ReviewResponse })
  @ApiForbiddenResponse({ type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async update(@UuidParam() id: string, @Body() body: UpdateReviewDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ReviewResponse.from(await this.reviews.update(id, body, viewer));
  }
}
