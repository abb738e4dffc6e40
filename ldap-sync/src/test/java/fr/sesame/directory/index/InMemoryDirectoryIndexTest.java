package fr.sesame.directory.index;

class InMemoryDirectoryIndexTest extends DirectoryIndexContract {

	private final InMemoryDirectoryIndex index = new InMemoryDirectoryIndex();

	@Override
	DirectoryIndex index() {
		return this.index;
	}

}
