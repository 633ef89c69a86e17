/**
 * The complaint iceberg (DESIGN §1, §4): of unhappy customers about 5% complain formally, 35% voice it
 * elsewhere (front-line staff, social media) and 60% stay silent. A count F of formal complaints is the
 * tip: it implies ≈ F / 0.05 = 20·F unhappy customers, of whom F·7 voiced elsewhere and F·12 silent.
 */

export interface IcebergRatios {
  /** Share of unhappy customers who complain formally; must be > 0. */
  formal: number;
  /** Share who complain to front-line staff or elsewhere. */
  voicedElsewhere: number;
  /** Share who say nothing. */
  silent: number;
}

export const DEFAULT_ICEBERG_RATIOS: Readonly<IcebergRatios> = {
  formal: 0.05,
  voicedElsewhere: 0.35,
  silent: 0.6,
};

/** How far the ratios may sum away from 1 (floating-point slack). */
export const ICEBERG_RATIO_TOLERANCE = 1e-9;

export interface ComplaintIceberg {
  formal: number;
  voicedElsewhere: number;
  silent: number;
  /** All unhappy customers, round(F / formal). */
  estimatedUnhappy: number;
}

/** Check iceberg ratios (each finite and ≥ 0, formal > 0, summing to 1 ± 1e-9) and return them, or throw a RangeError. */
export const parseIcebergRatios = (ratios: IcebergRatios): IcebergRatios => {
  const { formal, voicedElsewhere, silent } = ratios;
  for (const [name, value] of Object.entries({ formal, voicedElsewhere, silent })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`Iceberg ratio ${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  if (formal <= 0) throw new RangeError(`Iceberg ratio formal must be > 0, got ${formal}`);
  const sum = formal + voicedElsewhere + silent;
  if (Math.abs(sum - 1) > ICEBERG_RATIO_TOLERANCE) {
    throw new RangeError(
      `Iceberg ratios must sum to 1, got ${formal} + ${voicedElsewhere} + ${silent} = ${sum}`,
    );
  }
  return { formal, voicedElsewhere, silent };
};

/**
 * Estimate the unhappy customers behind `formalComplaints` formal complaints.
 * estimatedUnhappy = round(F / formal), voicedElsewhere = round(F · voicedElsewhere / formal) and
 * silent = round(F · silent / formal): with the defaults 20·F = F + 7·F + 12·F; with custom ratios each part
 * is rounded on its own, so the parts may miss the estimate by one.
 */
export const complaintIceberg = (
  formalComplaints: number,
  ratios: IcebergRatios = DEFAULT_ICEBERG_RATIOS,
): ComplaintIceberg => {
  if (!Number.isInteger(formalComplaints) || formalComplaints < 0) {
    throw new RangeError(`Formal complaints must be a whole number ≥ 0, got ${formalComplaints}`);
  }
  const r = parseIcebergRatios(ratios);
  const estimatedUnhappy = Math.round(formalComplaints / r.formal);
  const voicedElsewhere = Math.round((formalComplaints * r.voicedElsewhere) / r.formal);
  const silent = Math.round((formalComplaints * r.silent) / r.formal);
  return { formal: formalComplaints, voicedElsewhere, silent, estimatedUnhappy };
};
