{{/* Chart name, overridable. */}}
{{- define "todo-backend.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release-qualified name, cut to the 63 characters Kubernetes allows. */}}
{{- define "todo-backend.fullname" -}}
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

{{- define "todo-backend.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The app.kubernetes.io label set, on every object. */}}
{{- define "todo-backend.labels" -}}
helm.sh/chart: {{ include "todo-backend.chart" . }}
{{ include "todo-backend.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: api
app.kubernetes.io/part-of: todo
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "todo-backend.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-backend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* image:tag; the tag defaults to the chart's appVersion and is never `latest`. */}}
{{- define "todo-backend.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if eq $tag "latest" }}{{ fail "image.tag must not be latest: use the content tag from `pnpm run build-image`" }}{{ end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{- define "todo-backend.secretName" -}}
{{- default (printf "%s-secrets" (include "todo-backend.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* True when rendering against a cluster (install/upgrade), false for `helm template`/lint. */}}
{{- define "todo-backend.online" -}}
{{- if (lookup "v1" "Namespace" "" "kube-system") }}true{{ end }}
{{- end }}

{{/* DATABASE_URL: the in-cluster postgres (password from values or its Secret) or an external URL. */}}
{{- define "todo-backend.databaseUrl" -}}
{{- if .Values.postgres.enabled }}
{{- $p := .Values.postgres }}
{{- $password := $p.password }}
{{- if not $password }}
{{- $secret := lookup "v1" "Secret" $p.namespace $p.passwordSecret }}
{{- if $secret }}
{{- $password = index $secret.data "password" | b64dec }}
{{- else if include "todo-backend.online" . }}
{{- fail (printf "Secret %s/%s not found: install the postgres chart first, or set postgres.password" $p.namespace $p.passwordSecret) }}
{{- end }}
{{- end }}
{{- printf "postgres://%s:%s@%s.%s.svc.cluster.local:%d/%s" $p.user (urlquery $password) $p.serviceName $p.namespace (int $p.port) $p.database }}
{{- else }}
{{- required "externalDatabase.url is required when postgres.enabled is false" .Values.externalDatabase.url }}
{{- end }}
{{- end }}

{{/* The container security context of the restricted Pod Security Standard. */}}
{{- define "todo-backend.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
