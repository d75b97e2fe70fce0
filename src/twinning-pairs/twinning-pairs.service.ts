import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/http/problem.exception';
import { Cohort } from '../cohorts/cohort.entity';
import { TwinningPairOrigin } from './twinning-pair-origin';
import { TwinningPair } from './twinning-pair.entity';

export interface PairDirection {
  placementId: string;
  staffId: string;
  staffName: string;
  status: string;
  startsOn: string;
  endsOn: string;
}

export interface PairView {
  id: string;
  exchangeTopic: string | null;
  origin: TwinningPairOrigin;
  organisations: Array<{ id: string; name: string; region: string }>;
  /** Keyed "<from organisation id>><to organisation id>"; each direction's live placement (or the latest). */
  directions: Array<{ fromOrganisationId: string; toOrganisationId: string; placement: PairDirection | null }>;
}

@Injectable()
export class TwinningPairsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The pair of two organisations in a cohort, made if missing. An insert that meets the unique index does
   * nothing, so concurrent callers end up with the same row.
   */
  async ensure(
    tx: EntityManager,
    pair: {
      cohortId: string;
      organisations: [string, string];
      origin: TwinningPairOrigin;
      exchangeTopic?: string | null;
    },
  ): Promise<string> {
    const [first, second] = [...pair.organisations].sort();
    await tx.query(
      `INSERT INTO twinning_pairs (cohort_id, first_organisation_id, second_organisation_id, exchange_topic, origin)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cohort_id, first_organisation_id, second_organisation_id) DO NOTHING`,
      [pair.cohortId, first, second, pair.exchangeTopic ?? null, pair.origin],
    );
    const [row]: Array<{ id: string }> = await tx.query(
      `SELECT id FROM twinning_pairs WHERE cohort_id = $1 AND first_organisation_id = $2 AND second_organisation_id = $3`,
      [pair.cohortId, first, second],
    );
    return row.id;
  }

  /** Each pair of the cohort with both directions side by side. */
  async forCohort(cohortId: string): Promise<PairView[]> {
    if (!(await this.dataSource.getRepository(Cohort).existsBy({ id: cohortId }))) throw notFound('Cohort');
    const pairs = await this.dataSource.getRepository(TwinningPair).find({
      where: { cohortId },
      relations: { firstOrganisation: true, secondOrganisation: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // Per pair and direction, the live placement if any, else the most recent one.
    const placements: Array<{
      twinning_pair_id: string;
      from_id: string;
      to_id: string;
      id: string;
      staff_id: string;
      full_name: string;
      status: string;
      starts_on: string;
      ends_on: string;
    }> = await this.dataSource.query(
      `SELECT DISTINCT ON (placement.twinning_pair_id, staff.organisation_id)
              placement.twinning_pair_id, staff.organisation_id AS from_id, placement.host_organisation_id AS to_id,
              placement.id, placement.staff_id, staff.full_name, placement.status,
              placement.starts_on::text AS starts_on, placement.ends_on::text AS ends_on
         FROM placements placement
         JOIN staff ON staff.id = placement.staff_id
        WHERE placement.cohort_id = $1 AND placement.twinning_pair_id IS NOT NULL
        ORDER BY placement.twinning_pair_id, staff.organisation_id,
                 (placement.status IN ('declined', 'cancelled')), placement.created_at DESC`,
      [cohortId],
    );
    return pairs.map((pair) => {
      const direction = (from: string, to: string) => {
        const row = placements.find(
          (placement) => placement.twinning_pair_id === pair.id && placement.from_id === from && placement.to_id === to,
        );
        return {
          fromOrganisationId: from,
          toOrganisationId: to,
          placement: row
            ? {
                placementId: row.id,
                staffId: row.staff_id,
                staffName: row.full_name,
                status: row.status,
                startsOn: row.starts_on,
                endsOn: row.ends_on,
              }
            : null,
        };
      };
      const organisations = [pair.firstOrganisation!, pair.secondOrganisation!].map(({ id, name, region }) => ({
        id,
        name,
        region,
      }));
      return {
        id: pair.id,
        exchangeTopic: pair.exchangeTopic,
        origin: pair.origin,
        organisations,
        directions: [
          direction(pair.firstOrganisationId, pair.secondOrganisationId),
          direction(pair.secondOrganisationId, pair.firstOrganisationId),
        ],
      };
    });
  }
}
