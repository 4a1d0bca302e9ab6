{{/*
Shared by postgres, todo-backend and todo-frontend; each passes its root context (`.`), so
.Chart and .Release are the calling chart's. The component label comes from the calling
chart's Chart.yaml annotation `todo.dev/component`.
*/}}

{{/* Chart name, overridable. */}}
{{- define "todo-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release-qualified name, cut to the 63 characters Kubernetes allows. */}}
{{- define "todo-lib.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "todo-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The app.kubernetes.io label set, on every object. */}}
{{- define "todo-lib.labels" -}}
helm.sh/chart: {{ include "todo-lib.chart" . }}
{{ include "todo-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: {{ required "Chart.yaml needs annotations: todo.dev/component" (index (.Chart.Annotations | default dict) "todo.dev/component") }}
app.kubernetes.io/part-of: todo
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "todo-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
helm test pods carry these labels instead: the release's own NetworkPolicy selects its pods by
the selector labels and would cut a test pod off (DNS, its own Service); the test pods get a
NetworkPolicy of their own ("todo-lib.testNetworkPolicy").
*/}}
{{- define "todo-lib.testSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "todo-lib.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "todo-lib.testLabels" -}}
helm.sh/chart: {{ include "todo-lib.chart" . }}
{{ include "todo-lib.testSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: test
app.kubernetes.io/part-of: todo
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The helm test pods' NetworkPolicy: cluster DNS, and this release's pods on the given port
(the pods' containerPort, which the Service forwards to). Pass (dict "ctx" . "port" N).
*/}}
{{- define "todo-lib.testNetworkPolicy" -}}
{{- $ := .ctx }}
{{- if $.Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "todo-lib.fullname" $ }}-test
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-lib.labels" $ | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "todo-lib.testSelectorLabels" $ | nindent 6 }}
  policyTypes: ["Ingress", "Egress"]
  ingress: []
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    - to:
        - podSelector:
            matchLabels:
              {{- include "todo-lib.selectorLabels" $ | nindent 14 }}
      ports:
        - port: {{ .port }}
          protocol: TCP
{{- end }}
{{- end }}

{{/*
The PodDisruptionBudget, only where it can be met while a node drains: with no more pods than
minAvailable (replicaCount: 1 and minAvailable: 1), every eviction would be refused and
`kubectl drain` would hang, so none is rendered. The autoscaler's minimum counts when it is on.
*/}}
{{- define "todo-lib.podDisruptionBudget" -}}
{{- $pdb := .Values.podDisruptionBudget }}
{{- $replicas := int .Values.replicaCount }}
{{- if and .Values.autoscaling .Values.autoscaling.enabled }}
{{- $replicas = int .Values.autoscaling.minReplicas }}
{{- end }}
{{- if and $pdb.enabled (gt $replicas (int $pdb.minAvailable)) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "todo-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "todo-lib.labels" . | nindent 4 }}
spec:
  minAvailable: {{ $pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "todo-lib.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* image:tag; the tag defaults to the chart's appVersion and is never `latest`. */}}
{{- define "todo-lib.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if eq (toString $tag) "latest" }}{{ fail "image.tag must not be latest: use the content tag from `pnpm run build-image`" }}{{ end }}
{{- printf "%s:%s" .Values.image.repository (toString $tag) }}
{{- end }}

{{/* The container security context of the restricted Pod Security Standard; the context is the numeric user id. */}}
{{- define "todo-lib.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
