addss xmm0, dword ptr [rdi + rax]
add rax, 4
cmp rax, rdx
jne .Lloop
