import { z } from "zod";
import { flag } from "./common";

const k8sName = z
  .string({ error: "is required" })
  .min(1, "is required")
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes object name");
const namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a Kubernetes namespace name")
  .optional();

// POST kube/pod/delete, kube/pod/quarantine (form `pod`; `namespace` defaults to DM_NAMESPACE)
export const podSchema = z.object({ pod: k8sName, namespace });

// DELETE kube/job/JOB_NAME (?namespace=)
export const jobParam = k8sName;
export const namespaceQuery = z.object({ namespace });

// GET kube/pod/logs
export const podLogsQuery = z.object({
  pod: k8sName,
  namespace,
  container: z.string().max(63).optional(),
  tailLines: z.coerce.number({ error: "must be a number" }).int().min(1).max(5_000).default(200),
});

// POST autoscaling/controllers/pause|resume (optional `controller`: one controller only)
export const controllerSchema = z.object({ controller: z.string().max(63).optional() });

// POST resourcing/cluster/:size (?dry_run=true previews)
export const sizeQuery = z.object({ dry_run: flag.default(false) });

// GET audit
export const auditQuery = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(1_000).default(100),
  offset: z.coerce.number({ error: "must be a number" }).int().min(0).max(10_000_000).default(0),
  action: z.string().max(64).optional(),
});

// GET console/schema/KIND
export const kindParam = z.string().regex(/^[A-Z][A-Za-z0-9]{0,62}$/, "kind must be a Kubernetes kind such as Deployment");
