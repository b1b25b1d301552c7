"""The methods that every generated class over one off-heap array (its field `storage`) implements alike, written once
for all the generators' templates."""

# TornadoVM's PrimitiveStorage/TornadoMatrixInterface/TornadoImagesInterface segment accessors: the array's own.
SEGMENT_METHODS = """    @Override
    public long getNumBytes() {
        return storage.getNumBytesOfSegment();
    }

    @Override
    public long getNumBytesWithHeader() {
        return storage.getNumBytesOfSegmentWithHeader();
    }

    @Override
    public MemorySegment getSegment() {
        return storage.getSegment();
    }

    @Override
    public MemorySegment getSegmentWithHeader() {
        return storage.getSegmentWithHeader();
    }
"""


def flat_buffer_methods(buf):
    """loadFromBuffer, asBuffer and size of a class whose numElements values are the first ones of `storage`."""
    return f"""    @Override
    public void loadFromBuffer({buf} buffer) {{
        for (int i = 0; i < numElements; i++) storage.set(i, buffer.get(buffer.position() + i));
    }}

    @Override
    public {buf} asBuffer() {{
        return {buf}.wrap(storage.toHeapArray(), 0, numElements);
    }}

    @Override
    public int size() {{
        return numElements;
    }}

"""
