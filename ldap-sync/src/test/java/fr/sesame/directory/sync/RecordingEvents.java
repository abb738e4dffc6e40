package fr.sesame.directory.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.event.DirectoryEvents;

/** Keeps every published event, for assertions. */
final class RecordingEvents implements DirectoryEvents {

	private final List<DirectoryEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void publish(List<DirectoryEvent> published) {
		this.events.addAll(published);
	}

	List<DirectoryEvent> all() {
		return List.copyOf(this.events);
	}

	List<DirectoryEvent> of(DirectoryEventType type) {
		return this.events.stream().filter((event) -> event.type() == type).toList();
	}

	void clear() {
		this.events.clear();
	}

}
