mov ecx, dword ptr [rdi + rax*4 + 8]
imul ecx, r9d
add dword ptr [rsi + rax], ecx
movss dword ptr [rsi], xmm0
lea r8, [rax + rax*2]
