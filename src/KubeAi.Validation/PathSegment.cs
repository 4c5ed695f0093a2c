namespace KubeAi.Validation;

internal enum PathSegmentKind
{
    Field,
    Key,
    Index,
}

internal readonly record struct PathSegment(PathSegmentKind Kind, string? Name, int Index)
{
    public bool IsField => Kind == PathSegmentKind.Field;

    public static PathSegment Field(string name) => new(PathSegmentKind.Field, name, 0);

    public static PathSegment Key(string key) => new(PathSegmentKind.Key, key, 0);

    public static PathSegment Item(int index) => new(PathSegmentKind.Index, null, index);
}
