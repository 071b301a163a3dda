namespace DwarfAbi.Dwarf;

/// <summary>The DWARF tags the library acts on (all others are still read and named).</summary>
public static class DwTag
{
    public const ushort ArrayType = 0x01;
    public const ushort ClassType = 0x02;
    public const ushort EnumerationType = 0x04;
    public const ushort FormalParameter = 0x05;
    public const ushort LexicalBlock = 0x0b;
    public const ushort Member = 0x0d;
    public const ushort PointerType = 0x0f;
    public const ushort ReferenceType = 0x10;
    public const ushort CompileUnit = 0x11;
    public const ushort StructureType = 0x13;
    public const ushort SubroutineType = 0x15;
    public const ushort Typedef = 0x16;
    /// <summary>clang's btf_decl_tag / btf_type_tag attributes (DW_TAG_LLVM_annotation).</summary>
    public const ushort LlvmAnnotation = 0x6000;
    public const ushort UnionType = 0x17;
    public const ushort UnspecifiedParameters = 0x18;
    public const ushort Variant = 0x19;
    public const ushort Inheritance = 0x1c;
    public const ushort InlinedSubroutine = 0x1d;
    public const ushort PtrToMemberType = 0x1f;
    public const ushort SubrangeType = 0x21;
    public const ushort BaseType = 0x24;
    public const ushort ConstType = 0x26;
    public const ushort Enumerator = 0x28;
    public const ushort Subprogram = 0x2e;
    public const ushort TemplateTypeParameter = 0x2f;
    public const ushort TemplateValueParameter = 0x30;
    public const ushort Variable = 0x34;
    public const ushort VolatileType = 0x35;
    public const ushort RestrictType = 0x37;
    public const ushort Namespace = 0x39;
    public const ushort UnspecifiedType = 0x3b;
    public const ushort PartialUnit = 0x3c;
    public const ushort ImportedUnit = 0x3d;
    public const ushort TypeUnit = 0x41;
    public const ushort RvalueReferenceType = 0x42;
    public const ushort AtomicType = 0x47;
    public const ushort SkeletonUnit = 0x4a;
    public const ushort VariantPart = 0x33;
    public const ushort PackedType = 0x2d;
    public const ushort SharedType = 0x40;
    public const ushort ImmutableType = 0x4b;
}

/// <summary>The DWARF attributes the library acts on.</summary>
public static class DwAt
{
    public const ushort Sibling = 0x01;
    public const ushort Location = 0x02;
    public const ushort Name = 0x03;
    public const ushort Ordering = 0x09;
    public const ushort ByteSize = 0x0b;
    public const ushort BitOffset = 0x0c;
    public const ushort BitSize = 0x0d;
    public const ushort StmtList = 0x10;
    public const ushort LowPc = 0x11;
    public const ushort HighPc = 0x12;
    public const ushort Language = 0x13;
    public const ushort Discr = 0x15;
    public const ushort DiscrValue = 0x16;
    public const ushort Visibility = 0x17;
    public const ushort CompDir = 0x1b;
    public const ushort ConstValue = 0x1c;
    public const ushort Inline = 0x20;
    public const ushort LowerBound = 0x22;
    public const ushort Producer = 0x25;
    public const ushort Prototyped = 0x27;
    public const ushort Count = 0x37;
    public const ushort UpperBound = 0x2f;
    public const ushort AbstractOrigin = 0x31;
    public const ushort Accessibility = 0x32;
    public const ushort Alignment = 0x88;
    public const ushort BitStride = 0x2e;
    public const ushort CallingConvention = 0x36;
    public const ushort DataMemberLocation = 0x38;
    public const ushort DeclFile = 0x3a;
    public const ushort DeclLine = 0x3b;
    public const ushort Declaration = 0x3c;
    public const ushort Encoding = 0x3e;
    public const ushort External = 0x3f;
    public const ushort FrameBase = 0x40;
    public const ushort Specification = 0x47;
    public const ushort Type = 0x49;
    public const ushort Virtuality = 0x4c;
    public const ushort DataLocation = 0x50;
    public const ushort Ranges = 0x55;
    public const ushort IdentifierCase = 0x42;
    public const ushort DecimalSign = 0x5e;
    public const ushort DataBitOffset = 0x6b;
    public const ushort LinkageName = 0x6e;
    public const ushort StrOffsetsBase = 0x72;
    public const ushort AddrBase = 0x73;
    public const ushort RnglistsBase = 0x74;
    public const ushort Defaulted = 0x8b;
    public const ushort LoclistsBase = 0x8c;
    public const ushort Endianity = 0x65;
    public const ushort Signature = 0x69;
    public const ushort MipsLinkageName = 0x2007;
    public const ushort GnuRangesBase = 0x2132;
    public const ushort GnuAddrBase = 0x2133;
    public const ushort GnuLocviews = 0x2137;
}

/// <summary>Attribute forms, all of DWARF 2 to 5 and the GNU extensions.</summary>
public static class DwForm
{
    public const ushort Addr = 0x01;
    public const ushort Block2 = 0x03;
    public const ushort Block4 = 0x04;
    public const ushort Data2 = 0x05;
    public const ushort Data4 = 0x06;
    public const ushort Data8 = 0x07;
    public const ushort String = 0x08;
    public const ushort Block = 0x09;
    public const ushort Block1 = 0x0a;
    public const ushort Data1 = 0x0b;
    public const ushort Flag = 0x0c;
    public const ushort Sdata = 0x0d;
    public const ushort Strp = 0x0e;
    public const ushort Udata = 0x0f;
    public const ushort RefAddr = 0x10;
    public const ushort Ref1 = 0x11;
    public const ushort Ref2 = 0x12;
    public const ushort Ref4 = 0x13;
    public const ushort Ref8 = 0x14;
    public const ushort RefUdata = 0x15;
    public const ushort Indirect = 0x16;
    public const ushort SecOffset = 0x17;
    public const ushort Exprloc = 0x18;
    public const ushort FlagPresent = 0x19;
    public const ushort Strx = 0x1a;
    public const ushort Addrx = 0x1b;
    public const ushort RefSup4 = 0x1c;
    public const ushort StrpSup = 0x1d;
    public const ushort Data16 = 0x1e;
    public const ushort LineStrp = 0x1f;
    public const ushort RefSig8 = 0x20;
    public const ushort ImplicitConst = 0x21;
    public const ushort Loclistx = 0x22;
    public const ushort Rnglistx = 0x23;
    public const ushort RefSup8 = 0x24;
    public const ushort Strx1 = 0x25;
    public const ushort Strx2 = 0x26;
    public const ushort Strx3 = 0x27;
    public const ushort Strx4 = 0x28;
    public const ushort Addrx1 = 0x29;
    public const ushort Addrx2 = 0x2a;
    public const ushort Addrx3 = 0x2b;
    public const ushort Addrx4 = 0x2c;
    public const ushort GnuAddrIndex = 0x1f01;
    public const ushort GnuStrIndex = 0x1f02;
    public const ushort GnuRefAlt = 0x1f20;
    public const ushort GnuStrpAlt = 0x1f21;
}

/// <summary>Unit types of DWARF 5 headers (DWARF 4 type units are read as <see cref="Type"/>).</summary>
public static class DwUt
{
    public const byte Compile = 1;
    public const byte Type = 2;
    public const byte Partial = 3;
    public const byte Skeleton = 4;
    public const byte SplitCompile = 5;
    public const byte SplitType = 6;
}
