import { ApiProperty } from '@nestjs/swagger';
import type { ChecklistItem } from '../checklist-item.entity';
import type { GrantBreakdown } from '../grant-calculator';
import type { Placement, ScoreBreakdownRecord } from '../placement.entity';
import { PLACEMENT_STATUSES, PlacementStatus } from '../placement-status';

class ChecklistItemResponse {
  @ApiProperty({ example: 'visa' }) key!: string;
  @ApiProperty({ example: 'Visa' }) title!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ example: '2027-07-12' }) dueOn!: string;
  @ApiProperty({ nullable: true }) doneAt!: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true }) doneById!: string | null;
}

export class PlacementResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  @ApiProperty({ example: { id: '…', fullName: 'Wang Fang', organisationId: '…', organisationName: '…' } })
  participant!: { id: string; fullName: string; organisationId: string; organisationName: string };
  @ApiProperty({ example: { id: '…', name: '…', region: 'EU', country: 'DE' } })
  host!: { id: string; name: string; region: string; country: string };
  @ApiProperty({ format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) twinningPairId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) matchingRunId!: string | null;
  @ApiProperty({ example: '2027-08-02' }) startsOn!: string;
  @ApiProperty({ example: '2027-09-12' }) endsOn!: string;
  @ApiProperty({ enum: PLACEMENT_STATUSES }) status!: PlacementStatus;
  @ApiProperty({ nullable: true, example: 82.5 }) matchScore!: number | null;
  @ApiProperty({ nullable: true }) scoreBreakdown!: ScoreBreakdownRecord | null;
  @ApiProperty({ nullable: true }) mentorName!: string | null;
  @ApiProperty({ nullable: true, description: 'Computed from the cohort’s grant rules; frozen once completed' })
  grant!: GrantBreakdown | null;
  @ApiProperty() grantFrozen!: boolean;
  @ApiProperty({ nullable: true }) cancellationReason!: string | null;
  @ApiProperty({ type: [ChecklistItemResponse], description: 'Made when the placement is confirmed' })
  checklist!: ChecklistItemResponse[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(placement: Placement, checklist: ChecklistItem[] = []): PlacementResponse {
    const staff = placement.staff!;
    const host = placement.hostOrganisation!;
    return {
      id: placement.id,
      cohortId: placement.cohortId,
      participant: {
        id: staff.id,
        fullName: staff.fullName,
        organisationId: staff.organisationId,
        organisationName: staff.organisation?.name ?? '',
      },
      host: { id: host.id, name: host.name, region: host.region, country: host.country },
      applicationId: placement.applicationId,
      twinningPairId: placement.twinningPairId,
      matchingRunId: placement.matchingRunId,
      startsOn: placement.startsOn,
      endsOn: placement.endsOn,
      status: placement.status,
      matchScore: placement.matchScore === null ? null : Number(placement.matchScore),
      scoreBreakdown: placement.scoreBreakdown,
      mentorName: placement.mentorName,
      grant: placement.grant,
      grantFrozen: placement.grantFrozenAt !== null,
      cancellationReason: placement.cancellationReason,
      checklist: checklist.map(({ key, title, required, dueOn, doneAt, doneById }) => ({
        key,
        title,
        required,
        dueOn,
        doneAt,
        doneById,
      })),
      createdAt: placement.createdAt,
      updatedAt: placement.updatedAt,
    };
  }
}
