import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from '../../common/money.dto';
import { THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import type { JointProject } from '../joint-project.entity';
import { JOINT_PROJECT_STATUSES, JointProjectStatus } from '../joint-project-status';
import type { JointProjectMilestone } from '../milestone.entity';

class PartnerSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'CN' }) region!: string;
}

export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) jointProjectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2028-03-31' }) dueOn!: string;
  @ApiProperty({ example: '2028-03-28', nullable: true }) doneOn!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(milestone: JointProjectMilestone): MilestoneResponse {
    const { id, jointProjectId, title, dueOn, doneOn, createdAt, updatedAt } = milestone;
    return { id, jointProjectId, title, dueOn, doneOn, createdAt, updatedAt };
  }
}

/** Milestones by due date, then by when they were written down. */
export const byDueDate = (x: JointProjectMilestone, y: JointProjectMilestone): number =>
  x.dueOn.localeCompare(y.dueOn) || x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id);

export class JointProjectResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true }) thematicAreas!: ThematicArea[];

  @ApiProperty({ type: [PartnerSummary], description: 'By region, then name' })
  partners!: PartnerSummary[];

  @ApiProperty({ type: [String], format: 'uuid' }) placementIds!: string[];
  @ApiProperty({ type: MoneyDto, nullable: true }) budget!: MoneyDto | null;
  @ApiProperty({ nullable: true }) fundingSource!: string | null;
  @ApiProperty({ enum: JOINT_PROJECT_STATUSES }) status!: JointProjectStatus;
  @ApiProperty({ example: '2028-01-15', nullable: true }) startsOn!: string | null;
  @ApiProperty({ example: '2028-12-15', nullable: true }) endsOn!: string | null;
  @ApiProperty({ nullable: true, example: 1200 }) peopleReached!: number | null;

  @ApiProperty({ type: [MilestoneResponse], description: 'By due date' })
  milestones!: MilestoneResponse[];

  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(project: JointProject): JointProjectResponse {
    return {
      id: project.id,
      cohortId: project.cohortId,
      title: project.title,
      summary: project.summary,
      thematicAreas: project.thematicAreas,
      partners: (project.partnerLinks ?? [])
        .map(({ organisation }) => ({ id: organisation!.id, name: organisation!.name, region: organisation!.region }))
        .sort((x, y) => x.region.localeCompare(y.region) || x.name.localeCompare(y.name) || x.id.localeCompare(y.id)),
      placementIds: (project.placements ?? []).map((placement) => placement.id).sort(),
      budget:
        project.budgetAmountMinor === null
          ? null
          : { amountMinor: project.budgetAmountMinor, currency: project.budgetCurrency! },
      fundingSource: project.fundingSource,
      status: project.status,
      startsOn: project.startsOn,
      endsOn: project.endsOn,
      peopleReached: project.peopleReached,
      milestones: [...(project.milestones ?? [])].sort(byDueDate).map((milestone) => MilestoneResponse.from(milestone)),
      createdAt: project.createdAt,
      updatedAt: project.updatedAt,
    };
  }
}
