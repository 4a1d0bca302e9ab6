{{/* Names, labels, image and security context come from the todo-lib library chart. */}}

{{- define "todo-backend.secretName" -}}
{{- default (printf "%s-secrets" (include "todo-lib.fullname" .)) .Values.secrets.existingSecret }}
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

{{/*
What the chart's Secret holds that can change: the database URL and the LLM key. AUTH_SECRET is
left out: it is generated once and kept, so hashing it (random before the first install) would
roll the pods on the first redeploy for nothing.
*/}}
{{- define "todo-backend.secretChecksum" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret | sha256sum }}
{{- else }}
{{- printf "%s\n%s" (include "todo-backend.databaseUrl" .) (.Values.secrets.openaiApiKey | default "") | sha256sum }}
{{- end }}
{{- end }}

{{/* The TCP port of config.openaiBaseUrl: the URL's own, else 443 for https and 80 for http. */}}
{{- define "todo-backend.llmPort" -}}
{{- $u := urlParse .Values.config.openaiBaseUrl }}
{{- $port := regexFind ":[0-9]+$" $u.host | trimPrefix ":" }}
{{- if $port }}{{ $port }}{{ else if eq $u.scheme "http" }}80{{ else }}443{{ end }}
{{- end }}
