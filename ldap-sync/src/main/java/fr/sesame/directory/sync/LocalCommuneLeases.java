package fr.sesame.directory.sync;

import java.util.Optional;

/** A single process holds every lease: the demo and memory mode. */
public final class LocalCommuneLeases implements CommuneLeases {

	private final String owner;

	public LocalCommuneLeases(String owner) {
		this.owner = owner;
	}

	@Override
	public String owner() {
		return this.owner;
	}

	@Override
	public boolean acquire(String communeId) {
		return true;
	}

	@Override
	public boolean renew(String communeId) {
		return true;
	}

	@Override
	public Optional<String> holder(String communeId) {
		return Optional.of(this.owner);
	}

	@Override
	public void release(String communeId) {
	}

}
