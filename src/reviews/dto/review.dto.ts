import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { Review } from '../review.entity';

export class CreateReviewDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'How well the organisations fit together' })
  @IsInt()
  @Min(1)
  @Max(5)
  organisationalCompatibility!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Quality of the work plan' })
  @IsInt()
  @Min(1)
  @Max(5)
  workPlanQuality!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: "The applicant's experience" })
  @IsInt()
  @Min(1)
  @Max(5)
  applicantExperience!: number;

  @ApiPropertyOptional({ default: '' })
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class UpdateReviewDto extends PartialType(CreateReviewDto, { skipNullProperties: false }) {}

export class ReviewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty() reviewerName!: string;
  @ApiProperty() organisationalCompatibility!: number;
  @ApiProperty() workPlanQuality!: number;
  @ApiProperty() applicantExperience!: number;
  @ApiProperty({ example: 4.33, description: 'Mean of the three criteria' }) average!: number;
  @ApiProperty() comment!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(review: Review): ReviewResponse {
    const { id, applicationId, reviewerId, organisationalCompatibility, workPlanQuality, applicantExperience } = review;
    const sum = organisationalCompatibility + workPlanQuality + applicantExperience;
    return {
      id,
      applicationId,
      reviewerId,
      reviewerName: review.reviewer?.displayName ?? '',
      organisationalCompatibility,
      workPlanQuality,
      applicantExperience,
      average: Math.round((sum / 3) * 100) / 100,
      comment: review.comment,
      createdAt: review.createdAt,
      updatedAt: review.updatedAt,
    };
  }
}
