{{/* Names and labels. */}}
{{- define "sesame.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sesame.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>, at most 63 characters. Call with (list $ "auth-server"). */}}
{{- define "sesame.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "sesame.fullname" $root | trunc 50 | trimSuffix "-") (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sesame.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "sesame.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sesame
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Call with (list $ "auth-server"). */}}
{{- define "sesame.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "sesame.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "sesame.componentLabels" -}}
{{ include "sesame.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "sesame.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sesame.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of a component. Call with (list $ .Values.authServer). */}}
{{- define "sesame.image" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
{{- $repo := printf "%s/%s" $root.Values.image.repository $c.imageName -}}
{{- if $root.Values.image.registry -}}
{{- $repo = printf "%s/%s" $root.Values.image.registry $repo -}}
{{- end -}}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag -}}
{{- if $c.digest -}}
{{- printf "%s:%s@%s" $repo $tag $c.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/* The issuer: .Values.issuer or https://<ingress.authServer.host>. */}}
{{- define "sesame.issuer" -}}
{{- if .Values.issuer -}}
{{- .Values.issuer | trimSuffix "/" -}}
{{- else -}}
{{- printf "https://%s" .Values.ingress.authServer.host -}}
{{- end -}}
{{- end -}}

{{- define "sesame.gatewayUrl" -}}
{{- printf "https://%s" .Values.ingress.gateway.host -}}
{{- end -}}

{{/* The Secret the chart creates for values given inline or generated. */}}
{{- define "sesame.secretName" -}}
{{- printf "%s-secrets" (include "sesame.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of the Secret holding a reference {value, existingSecret, key}. Call with (list $ ref). */}}
{{- define "sesame.refSecret" -}}
{{- $ref := index . 1 -}}
{{- if $ref.existingSecret -}}
{{- $ref.existingSecret -}}
{{- else -}}
{{- include "sesame.secretName" (index . 0) -}}
{{- end -}}
{{- end -}}

{{/* An environment variable name from an id: etat-civil → ETAT_CIVIL. */}}
{{- define "sesame.envId" -}}
{{- . | upper | replace "-" "_" | replace "." "_" -}}
{{- end -}}

{{/* Key, inside the chart's Secret, of a value given inline: <kind>-<id>. */}}
{{- define "sesame.inlineKey" -}}
{{- printf "%s-%s" (index . 0) (index . 1) -}}
{{- end -}}

{{/* Key of a reference: its own key when existingSecret, else the inline key. Call with (list ref kind id). */}}
{{- define "sesame.refKey" -}}
{{- $ref := index . 0 -}}
{{- if $ref.existingSecret -}}
{{- required (printf "%s %s: existingSecret needs a key" (index . 1) (index . 2)) $ref.key -}}
{{- else -}}
{{- include "sesame.inlineKey" (list (index . 1) (index . 2)) -}}
{{- end -}}
{{- end -}}

{{/* TCP ports of LDAP URLs: explicit port, else 389 (ldap) / 636 (ldaps). Call with a list of URLs. */}}
{{- define "sesame.ldapPorts" -}}
{{- $ports := list -}}
{{- range . -}}
{{- $u := urlParse . -}}
{{- $port := "" -}}
{{- if regexMatch ":[0-9]+$" $u.host -}}
{{- $port = regexFind "[0-9]+$" $u.host -}}
{{- else if eq (lower $u.scheme) "ldaps" -}}
{{- $port = "636" -}}
{{- else -}}
{{- $port = "389" -}}
{{- end -}}
{{- $ports = append $ports ($port | int) -}}
{{- end -}}
{{- $ports | uniq | toJson -}}
{{- end -}}

{{/* Port of an http(s) URL. */}}
{{- define "sesame.httpPort" -}}
{{- $u := urlParse . -}}
{{- if regexMatch ":[0-9]+$" $u.host -}}
{{- regexFind "[0-9]+$" $u.host -}}
{{- else if eq (lower $u.scheme) "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* Redis ports for NetworkPolicies. */}}
{{- define "sesame.redisPorts" -}}
{{- $ports := .Values.redis.networkPolicyPorts -}}
{{- if not $ports -}}
{{- $ports = list (.Values.redis.port | int) -}}
{{- if .Values.redis.sentinel.enabled -}}
{{- $ports = append $ports 26379 -}}
{{- range .Values.redis.sentinel.nodes -}}
{{- if regexMatch ":[0-9]+$" . -}}
{{- $ports = append $ports (regexFind "[0-9]+$" . | int) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $ports | uniq | toJson -}}
{{- end -}}

{{/* spring.data.redis.* shared by the three services (password and sentinel password come from the environment). */}}
{{- define "sesame.springRedis" -}}
{{- $r := .Values.redis -}}
{{- $redis := dict "database" ($r.database | int) "ssl" (dict "enabled" $r.tls.enabled) -}}
{{- with $r.timeout -}}
{{- $_ := set $redis "timeout" . -}}
{{- end -}}
{{- with $r.connectTimeout -}}
{{- $_ := set $redis "connect-timeout" . -}}
{{- end -}}
{{- if $r.username -}}
{{- $_ := set $redis "username" $r.username -}}
{{- end -}}
{{- if $r.sentinel.enabled -}}
{{- if not $r.sentinel.nodes -}}
{{- fail "redis.sentinel.nodes must list the sentinels (host:port) when redis.sentinel.enabled" -}}
{{- end -}}
{{- $_ := set $redis "sentinel" (dict "master" $r.sentinel.master "nodes" (join "," $r.sentinel.nodes)) -}}
{{- else -}}
{{- $_ := set $redis "host" $r.host -}}
{{- $_ := set $redis "port" ($r.port | int) -}}
{{- end -}}
{{- toYaml $redis -}}
{{- end -}}

{{/* Environment variables with Redis passwords. */}}
{{- define "sesame.redisEnv" -}}
{{- $r := .Values.redis -}}
{{- if or $r.password.value $r.password.existingSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sesame.refSecret" (list . $r.password) }}
      key: {{ if $r.password.existingSecret }}{{ $r.password.key }}{{ else }}redis-password{{ end }}
{{- end }}
{{- if and $r.sentinel.enabled (or $r.sentinel.password.value $r.sentinel.password.existingSecret) }}
- name: SPRING_DATA_REDIS_SENTINEL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sesame.refSecret" (list . $r.sentinel.password) }}
      key: {{ if $r.sentinel.password.existingSecret }}{{ $r.sentinel.password.key }}{{ else }}redis-sentinel-password{{ end }}
{{- end }}
{{- end -}}

{{/*
The communes as Spring configuration: every key but the chart's own (bindPassword, trustStore, directoryCidrs),
with bind-password-file and trust-store pointing at the mounted secrets.
*/}}
{{- define "sesame.communes" -}}
{{- $out := list -}}
{{- $seen := dict -}}
{{- range $i, $c := .Values.communes -}}
{{- $id := required (printf "communes[%d].id is required" $i) $c.id -}}
{{- if hasKey $seen $id -}}
{{- fail (printf "communes[%d].id %q is declared twice" $i $id) -}}
{{- end -}}
{{- $_ := set $seen $id true -}}
{{- if not (or $c.bindPassword.value $c.bindPassword.existingSecret) -}}
{{- fail (printf "communes[%d] (%s): bindPassword.value or bindPassword.existingSecret is required" $i $id) -}}
{{- end -}}
{{- $spring := omit $c "bindPassword" "trustStore" "directoryCidrs" -}}
{{- $_ := set $spring "bind-password-file" (printf "/etc/sesame/secrets/directories/%s" $id) -}}
{{- with $c.trustStore -}}
{{- $ts := dict "path" (printf "/etc/sesame/secrets/truststores/%s" $id) "type" (default "PKCS12" .type) -}}
{{- if .passwordKey -}}
{{- $_ := set $ts "password" (printf "${SESAME_TRUSTSTORE_PASSWORD_%s}" (include "sesame.envId" $id)) -}}
{{- end -}}
{{- $_ := set $spring "trust-store" $ts -}}
{{- end -}}
{{- $out = append $out $spring -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Projected sources of the directories' secrets (bind passwords, trust stores). */}}
{{- define "sesame.directorySecretSources" -}}
{{- $root := . -}}
{{- range $c := .Values.communes }}
- secret:
    name: {{ include "sesame.refSecret" (list $root $c.bindPassword) }}
    items:
      - key: {{ include "sesame.refKey" (list $c.bindPassword "directory" $c.id) }}
        path: directories/{{ $c.id }}
{{- with $c.trustStore }}
- secret:
    name: {{ required "communes[].trustStore.existingSecret is required (a Secret holding the trust store: PKCS12, JKS or PEM)" .existingSecret }}
    items:
      - key: {{ required "communes[].trustStore.key is required" .key }}
        path: truststores/{{ $c.id }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Environment of the trust stores' passwords. */}}
{{- define "sesame.trustStoreEnv" -}}
{{- range .Values.communes }}
{{- if and .trustStore .trustStore.passwordKey }}
- name: SESAME_TRUSTSTORE_PASSWORD_{{ include "sesame.envId" .id }}
  valueFrom:
    secretKeyRef:
      name: {{ .trustStore.existingSecret }}
      key: {{ .trustStore.passwordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The gateway's client secret reference. */}}
{{- define "sesame.gatewaySecretName" -}}
{{- include "sesame.refSecret" (list . .Values.gatewayClient.secret) -}}
{{- end -}}
{{- define "sesame.gatewaySecretKey" -}}
{{- if .Values.gatewayClient.secret.existingSecret -}}
{{- .Values.gatewayClient.secret.key -}}
{{- else -}}
gateway-client-secret
{{- end -}}
{{- end -}}

{{/* Container securityContext, /tmp volume mount, pod-level settings shared by the three Deployments. */}}
{{- define "sesame.containerSecurity" -}}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
{{- end -}}

{{- define "sesame.tmpVolume" -}}
- name: tmp
  emptyDir:
    {{- if .Values.tmpVolume.medium }}
    medium: {{ .Values.tmpVolume.medium }}
    {{- end }}
    {{- if .Values.tmpVolume.sizeLimit }}
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
    {{- end }}
{{- end -}}

{{/* Probes on the actuator health groups of a port. Call with (list component-values "management"). */}}
{{- define "sesame.probes" -}}
{{- $c := index . 0 -}}
{{- $port := index . 1 -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ $port }}}
  {{- toYaml $c.probes.startup | nindent 2 }}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ $port }}}
  {{- toYaml $c.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: {{ $port }}}
  {{- toYaml $c.probes.readiness | nindent 2 }}
{{- end -}}

{{/* Pod scheduling and common pod settings. Call with (list $ component-values). */}}
{{/* preStop: let the endpoints go before the JVM stops accepting connections (Kubernetes >= 1.30 sleep action). */}}
{{- define "sesame.lifecycle" -}}
{{- if .preStopSleepSeconds -}}
lifecycle:
  preStop:
    sleep: {seconds: {{ .preStopSleepSeconds }}}
{{- end -}}
{{- end -}}

{{- define "sesame.podCommon" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
serviceAccountName: {{ include "sesame.serviceAccountName" $root }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $c.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Egress rules every service has: DNS, Redis, extras. */}}
{{- define "sesame.commonEgress" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    {{- toYaml $np.dns.peers | nindent 4 }}
  ports:
    {{- range $np.dns.ports }}
    - {protocol: UDP, port: {{ . }}}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
- ports:
    {{- range (include "sesame.redisPorts" . | fromJsonArray) }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
  {{- with .Values.redis.networkPolicyPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Egress to every commune's directory: its CIDRs, the ports of its URLs. */}}
{{- define "sesame.directoryEgress" -}}
{{- range $i, $c := .Values.communes }}
{{- if not $c.directoryCidrs }}
{{- fail (printf "communes[%d] (%s): directoryCidrs is required while networkPolicy.enabled (where the directory servers are)" $i $c.id) }}
{{- end }}
{{- if not $c.urls }}
{{- fail (printf "communes[%d] (%s): urls is required (ldap:// or ldaps:// URLs)" $i $c.id) }}
{{- end }}
- to:
    {{- range $c.directoryCidrs }}
    - ipBlock: {cidr: {{ . }}}
    {{- end }}
  ports:
    {{- range (include "sesame.ldapPorts" $c.urls | fromJsonArray) }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
{{- end }}
{{- end -}}
