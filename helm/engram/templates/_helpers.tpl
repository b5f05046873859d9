{{/* Chart name. */}}
{{- define "engram.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-engram, or the release name when it already contains the chart name. */}}
{{- define "engram.fullname" -}}
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

{{- define "engram.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "engram.labels" -}}
helm.sh/chart: {{ include "engram.chart" . }}
{{ include "engram.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: engram
{{- end }}

{{/* Labels shared by the service and job pods (the NetworkPolicy selects them). */}}
{{- define "engram.selectorLabels" -}}
app.kubernetes.io/name: {{ include "engram.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "engram.serverSelectorLabels" -}}
{{ include "engram.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end }}

{{- define "engram.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "engram.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "engram.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Name of the Secret the chart creates for passwords given as values. */}}
{{- define "engram.secretName" -}}
{{- include "engram.fullname" . }}
{{- end }}

{{/*
Flattens a map of configuration into environment variables: the key path is joined with '_', prefixed, upper-cased,
'.' and '-' become '_'. Lists are joined with commas; null values are skipped (the application default applies).
Whole numbers are written without exponent (1000000, not 1e+06).
*/}}
{{- define "engram.configEnv" -}}
{{- $prefix := .prefix }}
{{- range $key, $value := .values }}
{{- $name := printf "%s_%s" $prefix ($key | toString | upper | replace "." "_" | replace "-" "_") }}
{{- if kindIs "map" $value }}
{{- include "engram.configEnv" (dict "prefix" $name "values" $value) }}
{{- else if kindIs "slice" $value }}
{{ $name }}: {{ join "," $value | quote }}
{{- else if kindIs "float64" $value }}
{{- if eq $value (float64 (int64 $value)) }}
{{ $name }}: {{ int64 $value | toString | quote }}
{{- else }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- else if not (kindIs "invalid" $value) }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Environment of the service and job containers (after envFrom: the ConfigMap and extraEnvFrom). */}}
{{- define "engram.env" -}}
- name: JDK_JAVA_OPTIONS
  value: {{ .Values.jvmOptions | quote }}
- name: DJL_CACHE_DIR
  value: /tmp/djl
- name: ENGRAM_PORT
  value: {{ .Values.containerPort | quote }}
{{- $pg := .Values.postgresql }}
- name: ENGRAM_DB_URL
{{- if and $pg.existingSecret $pg.existingSecretKeys.url }}
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretKeys.url }}
{{- else }}
  value: {{ $pg.url | quote }}
{{- end }}
- name: ENGRAM_DB_USER
{{- if and $pg.existingSecret $pg.existingSecretKeys.user }}
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretKeys.user }}
{{- else }}
  value: {{ $pg.user | quote }}
{{- end }}
- name: ENGRAM_DB_PASSWORD
  valueFrom:
    secretKeyRef:
{{- if $pg.existingSecret }}
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretKeys.password }}
{{- else }}
      name: {{ include "engram.secretName" . }}
      key: ENGRAM_DB_PASSWORD
{{- end }}
{{- $redis := .Values.redis }}
- name: ENGRAM_REDIS_URL
{{- if and $redis.existingSecret $redis.existingSecretKeys.url }}
  valueFrom:
    secretKeyRef:
      name: {{ $redis.existingSecret }}
      key: {{ $redis.existingSecretKeys.url }}
{{- else }}
  value: {{ $redis.url | quote }}
{{- end }}
{{- if and $redis.existingSecret $redis.existingSecretKeys.password }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.existingSecret }}
      key: {{ $redis.existingSecretKeys.password }}
{{- else if and (not $redis.existingSecret) $redis.password }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "engram.secretName" . }}
      key: QUARKUS_REDIS_PASSWORD
{{- end }}
{{- range $name, $ref := .Values.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "engram.envFrom" -}}
- configMapRef:
    name: {{ include "engram.fullname" . }}
{{- with .Values.extraEnvFrom }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "engram.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{- define "engram.podScheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Secret and key of the operator's admin key: auth.existingSecret, or the chart's own <fullname>-auth. */}}
{{- define "engram.authSecretName" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else }}
{{- printf "%s-auth" (include "engram.fullname" . | trunc 58 | trimSuffix "-") }}
{{- end }}
{{- end }}

{{- define "engram.authSecretKey" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecretKey }}
{{- else -}}
admin-key
{{- end }}
{{- end }}

{{/* ENGRAM_AUTH_ADMIN_KEY from the Secret, never a literal: the service pods and the helm test round trip only. */}}
{{- define "engram.adminKeyEnv" -}}
- name: ENGRAM_AUTH_ADMIN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "engram.authSecretName" . }}
      key: {{ include "engram.authSecretKey" . }}
{{- end }}
