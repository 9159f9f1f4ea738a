/** Shapes of the obs/telescope endpoints, as the console reads them. */

export type Envelope<T> = { statusCode: number; data: T; error: string | null };

export type TelescopeRequest = { services: string[]; data_sources: string[]; start: string; end: string; label: string };

export type ExportJob = {
  id: string;
  job_status: string;
  request: TelescopeRequest;
  result: { zip_file_path: string };
  error?: string;
  created_at: string;
};

export type ImportJob = {
  id: string;
  job_status: string;
  request: { zip_file_path: string };
  result: TelescopeRequest;
  error?: string;
  created_at: string;
};

export type Service = { name: string; kind: string; stored: boolean; running: boolean };

export const DATA_SOURCES = ["LOGS", "STATS", "CONFIGS"] as const;

export const isFinished = (status: string) => status === "SUCCESS" || status === "FAILED";
