package fr.sesame.directory.sync;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.directory.sync}: the synchronisation of every commune's directory into the directory index.
 *
 * @param enabled whether this process synchronises (the standalone worker, the demo); auth-server replicas in
 * production only read the index
 * @param interval time between two incremental passes of a commune
 * @param reconcileInterval time between two full passes (reconciliation) of a commune, which also find what
 * incremental passes cannot see (deletions without tombstones or content synchronisation)
 * @param maxBackoff the longest wait after repeated failures (the wait doubles from {@code interval})
 * @param pageSize entries per page of a paged search (Active Directory serves at most 1,000)
 * @param maxIncrementalChanges entries an incremental pass keeps in memory; beyond, a full pass (paged) takes over
 * @param presenceCheckInterval Active Directory, when the service account cannot read the tombstones of deleted
 * objects (AD's default for an account that is not an administrator): how often an incremental pass lists the ids
 * of the agents and groups still there, to find the deleted ones; {@code 0} at every pass
 * @param lease how long a replica's hold on a commune lasts without renewal (Redis mode)
 * @param replicaName this replica's name in leases and statuses; host name and a random suffix by default
 * @param safety when to stop rather than deprovision
 */
@ConfigurationProperties("sesame.directory.sync")
@Validated
public record DirectorySyncProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 100,
				message = "sesame.directory.sync.interval must be at least 100ms") Duration interval,
		@DefaultValue("10m") @NotNull @DurationMin(seconds = 1,
				message = "sesame.directory.sync.reconcile-interval must be at least 1s") Duration reconcileInterval,
		@DefaultValue("5m") @NotNull @DurationMin(millis = 100,
				message = "sesame.directory.sync.max-backoff must be at least 100ms") Duration maxBackoff,
		@DefaultValue("500") @Min(value = 1, message = "sesame.directory.sync.page-size must be at least 1") @Max(
				value = 10_000, message = "sesame.directory.sync.page-size must be at most 10000") int pageSize,
		@DefaultValue("5000") @Min(value = 1,
				message = "sesame.directory.sync.max-incremental-changes must be at least 1") int maxIncrementalChanges,
		@DefaultValue("1m") @NotNull @DurationMin(millis = 0,
				message = "sesame.directory.sync.presence-check-interval must not be negative") Duration presenceCheckInterval,
		@DefaultValue("30s") @NotNull @DurationMin(seconds = 1,
				message = "sesame.directory.sync.lease must be at least 1s") @DurationMax(minutes = 30,
						message = "sesame.directory.sync.lease must be at most 30m") Duration lease,
		String replicaName, @Valid @DefaultValue Safety safety) {

	/**
	 * @param maxLeaversRatio share of a commune's agents that may be deprovisioned in one pass; more halts the
	 * commune
	 * @param leaversAlwaysAllowed leavers always accepted in one pass, whatever the commune's size
	 */
	public record Safety(@DefaultValue("0.10") @DecimalMin(value = "0.0",
			message = "sesame.directory.sync.safety.max-leavers-ratio must be between 0 and 1") @DecimalMax(
					value = "1.0",
					message = "sesame.directory.sync.safety.max-leavers-ratio must be between 0 and 1") double maxLeaversRatio,
			@DefaultValue("2") @Min(value = 0,
					message = "sesame.directory.sync.safety.leavers-always-allowed must be at least 0") int leaversAlwaysAllowed) {
	}

	public DirectorySyncProperties {
		safety = (safety != null) ? safety : new Safety(0.10, 2);
	}

	LeaverSafety leaverSafety() {
		return new LeaverSafety(this.safety.maxLeaversRatio(), this.safety.leaversAlwaysAllowed());
	}

}
