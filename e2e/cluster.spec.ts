import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { E2E_TOKEN } from "../playwright.config";
import { ClusterPage } from "./pages/cluster-page";
import { signIn } from "./pages/sign-in-page";

// The Cluster page against the app's simulated cluster: live workloads, drift made with kubectl and
// healed from the page, the live value turned into a patch, quarantine, hibernate/revive with the
// confirmation that lists the changes, a size preview, controllers, the audit log. Screenshots in
// test-results/cluster-*.png.

const API = "/api/v1/control_plane";
const NAME = "e2e-cluster-web";

const release = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${NAME}, namespace: instabase}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${NAME}}
  template:
    metadata:
      labels: {app: ${NAME}}
    spec:
      containers:
      - name: main
        image: registry.local/web:1.0
---
apiVersion: v1
kind: Service
metadata: {name: ${NAME}-svc, namespace: instabase}
spec:
  selector: {app: ${NAME}}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${NAME}-manager
  namespace: instabase
  labels: {app.kubernetes.io/name: deployment-manager}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${NAME}-manager}
  template:
    metadata:
      labels: {app: ${NAME}-manager}
    spec:
      containers: [{name: main, image: registry.local/dm:1.0}]
`;

test("the Cluster page: workloads, drift healed and kept as patch, quarantine, hibernate/revive, size preview, controllers, audit", async ({ page, request }) => {
  test.setTimeout(120_000);
  const upload = await request.post(`${API}/base_configs`, { headers: { Token: E2E_TOKEN }, form: { release_version: "0.0.7", base_config: release } });
  expect(upload.status(), await upload.text()).toBe(200);

  await signIn(page);
  // The Overview names the simulator's kubeconfig: kubectl changes the cluster behind our back.
  const kubeconfig = (await page.locator("code").filter({ hasText: "--kubeconfig" }).innerText()).match(/--kubeconfig (\S+)/)![1]!;
  const kubectl = (...args: string[]) => promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "-n", "instabase", ...args]);

  const cluster = new ClusterPage(page);
  await cluster.open();
  await expect(cluster.heading()).toBeVisible();
  const workload = cluster.workload(NAME);
  await expect(workload.getByTestId("desired")).toHaveText("2");
  await expect(workload.getByTestId("ready")).toHaveText("2", { timeout: 15_000 });
  await page.screenshot({ path: "test-results/cluster-workloads.png", fullPage: true });

  // Drift: scaled behind our back → a row; keep-live proposes a patch; re-apply heals.
  await kubectl("scale", "deployment", NAME, "--replicas=3");
  await cluster.checkDrift();
  const drift = cluster.drift(NAME);
  await expect(drift).toContainText("spec.replicas");
  await expect(drift.getByRole("row", { name: /spec\.replicas 2 3/ })).toBeVisible();
  await cluster.button(`Keep live values of ${NAME}`).click();
  await expect(page.getByTestId("live-patch")).toContainText(`# target: ${NAME}`);
  await expect(page.getByTestId("live-patch")).toContainText("replicas: 3");
  await page.screenshot({ path: "test-results/cluster-drift.png", fullPage: true });
  await drift.getByRole("button", { name: "Cancel" }).click();
  await cluster.button(`Re-apply ${NAME}`).click();
  await expect(page.getByRole("status").filter({ hasText: "Re-applied" })).toContainText(NAME);
  await expect(cluster.drift(NAME)).toHaveCount(0);

  // Quarantine a pod: confirmed, it moves to "other pods", a replacement makes the workload ready again.
  await expect(workload.getByTestId("ready")).toHaveText("2", { timeout: 15_000 });
  const pod = (await workload.locator("[data-testid^=pod-]").first().getAttribute("data-testid"))!.slice(4);
  await cluster.button(`Quarantine ${pod}`).click();
  await cluster.dialog(`Quarantine pod ${pod}?`).getByRole("button", { name: "Quarantine pod" }).click();
  await expect(cluster.otherPods().getByTestId(`pod-${pod}`)).toContainText("Quarantined");
  await expect(workload.getByTestId("ready")).toHaveText("2", { timeout: 15_000 });
  await expect(workload).not.toContainText(pod);

  // Hibernate: the confirmation lists each workload's change; revive lists the recorded counts.
  await cluster.button("Hibernate…").click();
  const hibernate = cluster.dialog("Hibernate the cluster?");
  await expect(hibernate.getByTestId("hibernate-changes")).toContainText(`${NAME}: 2 → 0`);
  // The Deployment Manager itself (by its label) keeps running.
  await expect(hibernate.getByTestId("hibernate-changes")).not.toContainText(`${NAME}-manager`);
  await page.screenshot({ path: "test-results/cluster-hibernate-confirm.png", fullPage: true });
  await hibernate.getByRole("button", { name: "Hibernate" }).click();
  await expect(cluster.hibernationState()).toContainText("Hibernated");
  await expect(workload.getByTestId("desired")).toHaveText("0");
  await cluster.button("Revive…").click();
  const revive = cluster.dialog("Revive the cluster?");
  await expect(revive.getByTestId("revive-changes")).toContainText(`${NAME}: 0 → 2`);
  await revive.getByRole("button", { name: "Revive" }).click();
  await expect(cluster.hibernationState()).toContainText("Running");
  await expect(workload.getByTestId("ready")).toHaveText("2", { timeout: 15_000 });
  await expect(cluster.workload(`${NAME}-manager`).getByTestId("desired")).toHaveText("1");

  // A Job is deleted only once confirmed.
  const jobFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-job-")), "job.yaml");
  fs.writeFileSync(jobFile, `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${NAME}-job, namespace: instabase}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: main, image: busybox}]\n`);
  await kubectl("apply", "-f", jobFile);
  const jobs = page.getByTestId("jobs");
  await expect(jobs).toContainText(`${NAME}-job`, { timeout: 15_000 });
  await cluster.button(`Delete job ${NAME}-job`).click();
  const confirmJob = cluster.dialog(`Delete job ${NAME}-job?`);
  await confirmJob.getByRole("button", { name: "Cancel" }).click();
  await expect(jobs).toContainText(`${NAME}-job`);
  await cluster.button(`Delete job ${NAME}-job`).click();
  await confirmJob.getByRole("button", { name: "Delete job" }).click();
  await expect(jobs.getByText(`${NAME}-job`, { exact: true })).toHaveCount(0, { timeout: 15_000 });

  // Size preview (not applied), controllers, audit.
  await cluster.chooseSize("large");
  await expect(cluster.sizePreview()).toContainText("deployment-api-server");
  await expect(cluster.sizePreview()).toContainText("not in the store");
  await cluster.button("Pause binary-autoscaler").click();
  await expect(cluster.controller("binary-autoscaler")).toContainText("paused");
  await cluster.button("Resume binary-autoscaler").click();
  await expect(cluster.controller("binary-autoscaler")).toContainText("running");
  for (const action of ["kube.pod.quarantine", "deployment.hibernate", "deployment.revive", "autoscaling.pause"]) {
    await expect(cluster.auditLog()).toContainText(action, { timeout: 15_000 });
  }
  await page.screenshot({ path: "test-results/cluster-operations.png", fullPage: true });
});
