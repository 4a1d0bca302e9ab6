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
