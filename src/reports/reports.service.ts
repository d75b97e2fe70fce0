import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { fundedCohortIds } from '../cohorts/funded-cohorts';
import type { Viewer } from '../common/auth/viewer-scope';
import { notFound } from '../common/http/problem.exception';
import { utcDate } from '../common/time';
import { COHORT_SUMMARY_SQL } from './cohort-summary.query';
import { CohortSummary, shapeCohortSummary, SummaryCohort, SummaryRows } from './cohort-summary';
import { CohortOverview, COHORT_OVERVIEW_SQL } from './cohort-overview.query';
import { ExportFormat, writeExport } from './export-formats';
import { ExportAudience, exportColumnsFor, exportFileName } from './placement-export';
import { PLACEMENT_EXPORT_SQL } from './placement-export.query';

export interface PlacementExport {
  fileName: string;
  format: ExportFormat;
  body: Readable;
}

const audienceOf = (viewer: Viewer): ExportAudience => (viewer.role === 'funder' ? 'funder' : 'coordinator');

/** Reports for coordinators and funders (§8): every figure is counted by PostgreSQL, never in the process. */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async cohortSummary(cohortId: string, viewer: Viewer): Promise<CohortSummary> {
    const cohort = await this.reportableCohort(cohortId, viewer);
    const [rows] = (await this.dataSource.query(COHORT_SUMMARY_SQL, [cohortId])) as SummaryRows[];
    return shapeCohortSummary(cohort, rows, audienceOf(viewer));
  }

  /** The placements of a cohort as a stream in the asked format; the database connection is held until it ends. */
  async placementExport(cohortId: string, format: ExportFormat, viewer: Viewer): Promise<PlacementExport> {
    const cohort = await this.reportableCohort(cohortId, viewer);
    const audience = audienceOf(viewer);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let rows: Readable;
    try {
      rows = await runner.stream(PLACEMENT_EXPORT_SQL, [cohortId, audience === 'funder']);
    } catch (error) {
      await runner.release();
      throw error;
    }
    // Released however the stream ends: finished, failed, or the client went away.
    rows.once('close', () => void runner.release());
    return {
      fileName: exportFileName(cohort.name, utcDate(), format),
      format,
      body: writeExport(format, rows, exportColumnsFor(audience), cohort.name),
    };
  }

  /** Headline figures of every cohort the viewer may report on whose period meets [from, to], oldest first. */
  async overview(viewer: Viewer, from?: string, to?: string): Promise<CohortOverview[]> {
    return this.dataSource.query(COHORT_OVERVIEW_SQL, [from ?? null, to ?? null, viewer.role === 'funder', viewer.id]);
  }

  /** Coordinators and admins report on any cohort; a funder only on those its organisation funds (404 otherwise). */
  private async reportableCohort(cohortId: string, viewer: Viewer): Promise<SummaryCohort> {
    const [cohort] = (await this.dataSource.query(
      `SELECT id, name, status, sides, grant_rules #>> '{visa,currency}' AS "grantCurrency"
         FROM cohorts
        WHERE id = $1
          AND (NOT $2::boolean OR id IN (${fundedCohortIds('$3')}))`,
      [cohortId, viewer.role === 'funder', viewer.id],
    )) as SummaryCohort[];
    if (!cohort) throw notFound('Cohort');
    return cohort;
  }
}
