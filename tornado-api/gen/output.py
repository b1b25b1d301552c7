"""The generators' one way out: a generator hands over every file it makes, keyed by its path below the source
root, and gets a source root holding exactly those files. A file whose text is unchanged keeps its time stamp, so
that Maven's incremental compile sees nothing new; a .java file the generator no longer makes is removed."""
import os


def write_tree(root, files):
    """files: {relative path: text}; root: the source root, owned by one generator alone."""
    for rel, text in files.items():
        path = os.path.join(root, rel)
        if os.path.isfile(path):
            with open(path) as f:
                if f.read() == text:
                    continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    wanted = {os.path.normpath(os.path.join(root, rel)) for rel in files}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.normpath(os.path.join(folder, name))
            if name.endswith(".java") and path not in wanted:
                os.remove(path)
